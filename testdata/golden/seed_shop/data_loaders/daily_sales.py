# Migrated by dagster2mage from shop/assets.py:98 (@asset daily_sales).
# Dagster group: sales.
import logging
import os
import pandas as pd
from seed_shop.utils.resources import files_resource
from seed_shop.utils.partitions import current_partition_key


def output_path(name: str) -> str:
    """Where leaf assets write what the shop's reports read."""
    out_dir = os.environ.get("D2M_OUTPUT_DIR", "output")
    os.makedirs(out_dir, exist_ok=True)
    return os.path.join(out_dir, name)


if 'data_loader' not in globals():
    from mage_ai.data_preparation.decorators import data_loader


@data_loader
def daily_sales(*args, **kwargs) -> pd.DataFrame:
    """
    Process sales for a specific partition.
    """
    logger = kwargs.get('logger') or logging.getLogger('daily_sales')
    files = files_resource()
    partition_key = current_partition_key(kwargs, 'daily', '%Y-%m-%d')
    partition_date = partition_key
    sales = files.read_csv("sales.csv")
    day = sales[sales["date"] == partition_date]
    logger.info(f"{len(day)} sales on {partition_date}")
    totals = day.groupby("product_id", as_index=False)["amount"].sum().sort_values("product_id")
    totals.to_csv(output_path(f"daily_sales_{partition_date}.csv"), index=False)
    return totals
