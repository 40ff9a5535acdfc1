# Migrated by dagster2mage from shop/partitioned.py:11 (@asset daily_sales).
import pandas as pd
from guide.utils.partitions import current_partition_key


def get_connection():
    return "sqlite://"


if 'data_loader' not in globals():
    from mage_ai.data_preparation.decorators import data_loader


@data_loader
def daily_sales(*args, **kwargs) -> pd.DataFrame:
    """Process sales for a specific partition."""
    partition_key = current_partition_key(kwargs, 'daily', '%Y-%m-%d')
    partition_date = partition_key
    return pd.read_sql(f"SELECT * FROM sales WHERE date = '{partition_date}'", con=get_connection())
