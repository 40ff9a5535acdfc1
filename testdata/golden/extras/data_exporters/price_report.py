# Migrated by dagster2mage from pkg/graphs.py:25 (@asset price_report).

if 'data_exporter' not in globals():
    from mage_ai.data_preparation.decorators import data_exporter


@data_exporter
def price_report(scaled_prices: list, *args, **kwargs) -> None:
    print(",".join(str(v) for v in scaled_prices))
