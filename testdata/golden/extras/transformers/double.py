# Migrated by dagster2mage from pkg/ops.py:10 (@op double).

if 'transformer' not in globals():
    from mage_ai.data_preparation.decorators import transformer


@transformer
def double(xs: list, *args, **kwargs):
    return [[x * 2 for x in xs]]
