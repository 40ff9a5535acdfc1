# Migrated by dagster2mage from pkg/definitions.py:32 (@asset row_pairs).

if 'transformer' not in globals():
    from mage_ai.data_preparation.decorators import transformer


@transformer
def row_pairs(raw_rows, *args, **kwargs):
    return [[[r[0], r[-1]] for r in raw_rows]]
