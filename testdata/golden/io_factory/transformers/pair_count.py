# Migrated by dagster2mage from iofactory/definitions.py:34 (@asset pair_count).

if 'transformer' not in globals():
    from mage_ai.data_preparation.decorators import transformer


@transformer
def pair_count(row_pairs, *args, **kwargs):
    return [[["pairs", str(len(row_pairs))], ["first", row_pairs[0][0]]]]
