# Migrated by dagster2mage from pkg/assets.py:76 (@asset order_table).

if 'transformer' not in globals():
    from mage_ai.data_preparation.decorators import transformer


@transformer
def order_table(big_orders, *args, **kwargs):
    """Stored in DuckDB by the warehouse IO manager."""
    import pandas as pd

    return pd.DataFrame({"amount": big_orders})
