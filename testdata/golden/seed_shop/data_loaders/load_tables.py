# Migrated by dagster2mage from shop/assets.py:68 (@multi_asset load_tables).
# Dagster group: orders.
from seed_shop.utils.resources import files_resource

if 'data_loader' not in globals():
    from mage_ai.data_preparation.decorators import data_loader


@data_loader
def load_tables(*args, **kwargs):
    """Load the users and orders tables in one pass."""
    files = files_resource()
    users_df = files.read_csv("users.csv")[["user_id", "first_name", "last_name"]]
    orders_df = files.read_csv("orders.csv")
    return users_df, orders_df
