"""Assets of the shop: raw users from a CSV export, then a cleaned table."""
import pandas as pd
from dagster import AssetCheckResult, asset, asset_check


@asset
def raw_users() -> pd.DataFrame:
    """Load the user export."""
    return pd.read_csv("data/users.csv")


@asset
def clean_users(raw_users: pd.DataFrame) -> pd.DataFrame:
    """Clean and transform user data."""
    df = raw_users.copy()
    df["full_name"] = df["first_name"] + " " + df["last_name"]
    return df[df["is_active"]]


@asset_check(asset=clean_users, blocking=True)
def no_null_emails(clean_users: pd.DataFrame) -> AssetCheckResult:
    nulls = int(clean_users["email"].isnull().sum())
    return AssetCheckResult(passed=nulls == 0, metadata={"null_count": nulls})
