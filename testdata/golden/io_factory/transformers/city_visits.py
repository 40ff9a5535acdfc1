# Migrated by dagster2mage from iofactory/definitions.py:40 (@asset city_visits).

if 'transformer' not in globals():
    from mage_ai.data_preparation.decorators import transformer


@transformer
def city_visits(raw_rows, *args, **kwargs) -> dict:
    return {r[1]: r[2] for r in raw_rows[1:]}
