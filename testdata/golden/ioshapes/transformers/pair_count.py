# Migrated by dagster2mage from pkg/definitions.py:37 (@asset pair_count).

if 'transformer' not in globals():
    from mage_ai.data_preparation.decorators import transformer


@transformer
def pair_count(row_pairs, *args, **kwargs):
    return [[[str(len(row_pairs))]]]
