# Migrated by dagster2mage from pkg/factoryclass.py:37 (@asset totals).

if 'data_loader' not in globals():
    from mage_ai.data_preparation.decorators import data_loader


@data_loader
def totals(*args, **kwargs) -> dict:
    return {"a": 1}
