# Migrated by dagster2mage from pkg/iomanagers.py:31 (@asset city_counts).

if 'data_loader' not in globals():
    from mage_ai.data_preparation.decorators import data_loader


@data_loader
def city_counts(*args, **kwargs) -> dict:
    return {"paris": 2, "rome": 1}
