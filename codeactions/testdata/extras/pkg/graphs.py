"""A graph-backed asset: one block per op call, the last one named like the asset."""
from dagster import AssetOut, DynamicOut, DynamicOutput, Out, asset, graph_asset, graph_multi_asset, op


@asset
def raw_prices() -> list:
    return [3.0, 1.0, 2.0]


@op
def sort_values(values: list) -> list:
    return sorted(values)


@op
def scale(values: list, factor: float = 10.0) -> list:
    return [v * factor for v in values]


@graph_asset
def scaled_prices(raw_prices):
    return scale(sort_values(raw_prices))


@asset
def price_report(scaled_prices: list) -> None:
    print(",".join(str(v) for v in scaled_prices))


@op(out={"low": Out(), "high": Out()})
def split_prices(values: list):
    middle = len(values) // 2
    return values[:middle], values[middle:]


@graph_multi_asset(outs={"cheap": AssetOut(), "dear": AssetOut()})
def price_bands(raw_prices):
    low, high = split_prices(sort_values(raw_prices))
    return {"cheap": low, "dear": high}


@asset
def band_report(cheap: list, dear: list) -> None:
    print("bands", cheap, dear)


@op(out=DynamicOut())
def split_values(values: list):
    for i, v in enumerate(values):
        yield DynamicOutput(v, mapping_key=str(i))


@op
def square(v: float) -> float:
    return v * v


@op
def add_up(squares: list) -> float:
    return sum(squares)


@graph_asset
def sum_of_squares(raw_prices):
    return add_up(split_values(raw_prices).map(square).collect())


@asset
def squares_report(sum_of_squares: float) -> None:
    print("sum of squares", sum_of_squares)
