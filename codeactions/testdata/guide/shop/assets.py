"""User assets from the migration guide."""
from dagster import AssetCheckResult, AssetIn, asset, asset_check, multi_asset, AssetOut
import pandas as pd

SOURCE_URL = "postgresql://localhost/db"


def load_users():
    return pd.DataFrame({"user_id": [1, 2], "email": ["a@x.org", None]})


def load_orders():
    return pd.DataFrame({"order_id": [10], "user_id": [1]})


@asset
def raw_users() -> pd.DataFrame:
    """
    Load raw user data from database.
    """
    return pd.read_sql("SELECT * FROM users", con=SOURCE_URL)


@asset
def clean_users(raw_users: pd.DataFrame) -> pd.DataFrame:
    """Clean and transform user data."""
    df = raw_users.copy()
    df["full_name"] = df["first_name"] + " " + df["last_name"]
    return df[df["is_active"]]


@asset(ins={"users": AssetIn("clean_users")})
def user_analytics(users: pd.DataFrame) -> pd.DataFrame:
    """Calculate user analytics."""
    return users.groupby("signup_date").agg({"user_id": "count", "revenue": "sum"})


@asset_check(asset=clean_users, blocking=True)
def no_null_emails(clean_users: pd.DataFrame) -> AssetCheckResult:
    nulls = int(clean_users["email"].isnull().sum())
    return AssetCheckResult(passed=nulls == 0, metadata={"null_count": nulls})


@asset_check(asset=clean_users)
def users_not_empty(asset_value):
    return AssetCheckResult(passed=len(asset_value) > 0, description="Users table should not be empty")


@multi_asset(outs={"users": AssetOut(), "orders": AssetOut()})
def load_tables(context):
    context.log.info("loading tables")
    users_df = load_users()
    orders_df = load_orders()
    return users_df, orders_df


@asset
def user_orders(users: pd.DataFrame, orders: pd.DataFrame) -> pd.DataFrame:
    return users.merge(orders, on="user_id")
