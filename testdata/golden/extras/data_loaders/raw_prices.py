# Migrated by dagster2mage from pkg/graphs.py:5 (@asset raw_prices).

if 'data_loader' not in globals():
    from mage_ai.data_preparation.decorators import data_loader


@data_loader
def raw_prices(*args, **kwargs):
    return [[3.0, 1.0, 2.0]]
