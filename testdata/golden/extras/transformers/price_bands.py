# Migrated by dagster2mage from pkg/graphs.py:36 (@graph_multi_asset price_bands: its last op, @op split_prices of pkg/graphs.py).

if 'transformer' not in globals():
    from mage_ai.data_preparation.decorators import transformer


@transformer
def split_prices(values: list, *args, **kwargs):
    middle = len(values) // 2
    return values[:middle], values[middle:]
