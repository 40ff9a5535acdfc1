# Migrated by dagster2mage from shop/jobs.py:25 (@op flaky_operation).

if 'transformer' not in globals():
    from mage_ai.data_preparation.decorators import transformer


@transformer
def flaky_operation(data, *args, **kwargs):
    return data
