# Seed guide §3: partitions and dynamic execution.
from dagster import asset, DailyPartitionsDefinition
import pandas as pd


def get_connection():
    raise NotImplementedError


daily_partition = DailyPartitionsDefinition(start_date="2024-01-01")


@asset(partitions_def=daily_partition)
def daily_sales(context) -> pd.DataFrame:
    """
    Process sales for a specific partition.
    """
    partition_date = context.partition_key
    return pd.read_sql(
        f"SELECT * FROM sales WHERE date = '{partition_date}'",
        con=get_connection(),
    )


@asset(partitions_def=daily_partition)
def aggregated_sales(context, daily_sales: pd.DataFrame) -> pd.DataFrame:
    """
    Aggregate sales data.
    """
    return daily_sales.groupby('product_id').agg({'amount': 'sum'})
