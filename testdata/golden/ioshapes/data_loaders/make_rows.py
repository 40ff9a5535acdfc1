# Migrated by dagster2mage from pkg/opjob.py:7 (@op make_rows).

if 'data_loader' not in globals():
    from mage_ai.data_preparation.decorators import data_loader


@data_loader
def make_rows(*args, **kwargs):
    return [["a", "b"]]
