# Migrated by dagster2mage from pkg/graphs.py:68 (@asset squares_report).

if 'data_exporter' not in globals():
    from mage_ai.data_preparation.decorators import data_exporter


@data_exporter
def squares_report(sum_of_squares: float, *args, **kwargs) -> None:
    print("sum of squares", sum_of_squares)
