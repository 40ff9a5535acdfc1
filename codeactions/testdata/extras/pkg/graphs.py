"""A graph-backed asset: one block per op call, the last one named like the asset."""
from dagster import AssetOut, Out, asset, graph_asset, graph_multi_asset, op


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
