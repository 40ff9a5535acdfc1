import os

import pandas as pd
from dagster import (
    AssetCheckResult,
    AssetExecutionContext,
    AssetIn,
    AssetOut,
    DailyPartitionsDefinition,
    asset,
    asset_check,
    multi_asset,
)

from .resources import ShopFiles


def output_path(name: str) -> str:
    """Where leaf assets write what the shop's reports read."""
    out_dir = os.environ.get("D2M_OUTPUT_DIR", "output")
    os.makedirs(out_dir, exist_ok=True)
    return os.path.join(out_dir, name)


@asset(group_name="users")
def raw_users(files: ShopFiles) -> pd.DataFrame:
    """
    Load raw user data from the exported users table.
    """
    return files.read_csv("users.csv")


@asset(group_name="users")
def clean_users(raw_users: pd.DataFrame) -> pd.DataFrame:
    """
    Clean and transform user data.
    """
    df = raw_users.copy()
    df["full_name"] = df["first_name"] + " " + df["last_name"]
    return df[df["is_active"]]


@asset(group_name="users", ins={"users": AssetIn("clean_users")})
def user_analytics(users: pd.DataFrame) -> pd.DataFrame:
    """
    Calculate user analytics.
    """
    result = users.groupby("signup_date").agg({"user_id": "count", "revenue": "sum"})
    result = result.reset_index().sort_values("signup_date")
    result.to_csv(output_path("user_analytics.csv"), index=False)
    return result


@asset_check(asset=raw_users)
def raw_users_not_empty(raw_users: pd.DataFrame) -> AssetCheckResult:
    return AssetCheckResult(
        passed=len(raw_users) > 0,
        description="Users table should not be empty",
    )


@asset_check(asset=clean_users, blocking=True)
def no_null_emails(clean_users: pd.DataFrame) -> AssetCheckResult:
    null_count = int(clean_users["email"].isnull().sum())
    return AssetCheckResult(passed=null_count == 0, metadata={"null_count": null_count})


@multi_asset(
    group_name="orders",
    outs={
        "users_table": AssetOut(),
        "orders_table": AssetOut(),
    },
)
def load_tables(files: ShopFiles):
    """Load the users and orders tables in one pass."""
    users_df = files.read_csv("users.csv")[["user_id", "first_name", "last_name"]]
    orders_df = files.read_csv("orders.csv")
    return users_df, orders_df


@asset(group_name="orders")
def revenue_by_user(users_table: pd.DataFrame, orders_table: pd.DataFrame) -> pd.DataFrame:
    """Order revenue per user, joined to the user's name."""
    merged = orders_table.merge(users_table, on="user_id")
    totals = (
        merged.groupby(["user_id", "first_name", "last_name"], as_index=False)["amount"]
        .sum()
        .sort_values("user_id")
    )
    totals.to_csv(output_path("revenue_by_user.csv"), index=False)
    return totals


daily_partition = DailyPartitionsDefinition(start_date="2024-01-01")


@asset(partitions_def=daily_partition, group_name="sales")
def daily_sales(context: AssetExecutionContext, files: ShopFiles) -> pd.DataFrame:
    """
    Process sales for a specific partition.
    """
    partition_date = context.partition_key
    sales = files.read_csv("sales.csv")
    day = sales[sales["date"] == partition_date]
    context.log.info(f"{len(day)} sales on {partition_date}")
    totals = day.groupby("product_id", as_index=False)["amount"].sum().sort_values("product_id")
    totals.to_csv(output_path(f"daily_sales_{partition_date}.csv"), index=False)
    return totals
