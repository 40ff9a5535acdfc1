# Migrated by dagster2mage from pkg/ops.py:5 (@op numbers).

if 'data_loader' not in globals():
    from mage_ai.data_preparation.decorators import data_loader


@data_loader
def numbers(*args, **kwargs):
    return [[1, 2, 3]]
