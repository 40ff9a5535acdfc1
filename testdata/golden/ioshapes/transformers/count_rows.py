# Migrated by dagster2mage from pkg/opjob.py:12 (@op count_rows).

if 'transformer' not in globals():
    from mage_ai.data_preparation.decorators import transformer


@transformer
def count_rows(rows, *args, **kwargs):
    return len(rows)
