from dagster import asset, DailyPartitionsDefinition, define_asset_job, build_schedule_from_partitioned_job
import pandas as pd

daily_partition = DailyPartitionsDefinition(start_date="2024-01-01")


def get_connection():
    return "sqlite://"


@asset(partitions_def=daily_partition)
def daily_sales(context) -> pd.DataFrame:
    """Process sales for a specific partition."""
    partition_date = context.partition_key
    return pd.read_sql(f"SELECT * FROM sales WHERE date = '{partition_date}'", con=get_connection())


@asset(partitions_def=daily_partition)
def aggregated_sales(context, daily_sales: pd.DataFrame) -> pd.DataFrame:
    """Aggregate sales data."""
    return daily_sales.groupby("product_id").agg({"amount": "sum"})


sales_job = define_asset_job("sales_job", selection=["daily_sales", "aggregated_sales"], partitions_def=daily_partition)
sales_schedule = build_schedule_from_partitioned_job(sales_job)
