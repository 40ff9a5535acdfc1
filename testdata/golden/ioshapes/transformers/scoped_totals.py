# Migrated by dagster2mage from pkg/factoryclass.py:42 (@asset scoped_totals).

if 'transformer' not in globals():
    from mage_ai.data_preparation.decorators import transformer


@transformer
def scoped_totals(totals, *args, **kwargs) -> dict:
    return {k: v * 2 for k, v in totals.items()}
