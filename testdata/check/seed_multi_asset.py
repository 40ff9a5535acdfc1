# Seed guide, advanced features: multi-asset pipelines.
from dagster import multi_asset, AssetOut


def load_users():
    return []


def load_orders():
    return []


@multi_asset(
    outs={
        "users": AssetOut(),
        "orders": AssetOut(),
    }
)
def load_tables(context):
    users_df = load_users()
    orders_df = load_orders()
    return users_df, orders_df
