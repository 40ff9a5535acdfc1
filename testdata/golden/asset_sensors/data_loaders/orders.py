# Migrated by dagster2mage from definitions.py:4 (@asset orders).

if 'data_loader' not in globals():
    from mage_ai.data_preparation.decorators import data_loader


@data_loader
def orders(*args, **kwargs):
    return [1, 2, 3]
