# Migrated by dagster2mage from pkg/graphs.py:10 (@op sort_values).

if 'transformer' not in globals():
    from mage_ai.data_preparation.decorators import transformer


@transformer
def sort_values(values: list, *args, **kwargs):
    return [sorted(values)]
