# Migrated by dagster2mage from shop/assets.py:49 (@multi_asset load_tables).
import logging
import pandas as pd


def load_users():
    return pd.DataFrame({"user_id": [1, 2], "email": ["a@x.org", None]})


def load_orders():
    return pd.DataFrame({"order_id": [10], "user_id": [1]})


if 'data_loader' not in globals():
    from mage_ai.data_preparation.decorators import data_loader


@data_loader
def load_tables(*args, **kwargs):
    logger = kwargs.get('logger') or logging.getLogger('load_tables')
    logger.info("loading tables")
    users_df = load_users()
    orders_df = load_orders()
    return users_df, orders_df
