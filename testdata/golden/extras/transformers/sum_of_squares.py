# Migrated by dagster2mage from pkg/graphs.py:63 (@graph_asset sum_of_squares: its last op, @op add_up of pkg/graphs.py).

if 'transformer' not in globals():
    from mage_ai.data_preparation.decorators import transformer


@transformer
def add_up(squares: list, *args, **kwargs) -> float:
    return sum(squares)
