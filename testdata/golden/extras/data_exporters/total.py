# Migrated by dagster2mage from pkg/ops.py:15 (@op total).

if 'data_exporter' not in globals():
    from mage_ai.data_preparation.decorators import data_exporter


@data_exporter
def total(a: list, b: list, *args, **kwargs) -> None:
    print(sum(a) + sum(b))
