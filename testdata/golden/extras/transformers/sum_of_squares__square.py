# Migrated by dagster2mage from pkg/graphs.py:53 (@op square).

if 'transformer' not in globals():
    from mage_ai.data_preparation.decorators import transformer


@transformer
def square(v: float, *args, **kwargs) -> float:
    return v * v
