# Migrated by dagster2mage from shop/assets.py:57 (@asset user_orders).
import pandas as pd

if 'transformer' not in globals():
    from mage_ai.data_preparation.decorators import transformer


@transformer
def user_orders(load_tables, *args, **kwargs) -> pd.DataFrame:
    users = load_tables[0]  # output 'users' of load_tables
    orders = load_tables[1]  # output 'orders' of load_tables
    return users.merge(orders, on="user_id")
