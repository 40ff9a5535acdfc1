# The example of DESIGN.md: an asset and a blocking check on it.
from dagster import AssetCheckResult, asset, asset_check
import pandas as pd

from seed_assets import raw_users  # noqa: F401  (the upstream asset lives in another module)


@asset(key_prefix=["shop"])
def clean_orders(raw_users: pd.DataFrame) -> pd.DataFrame:
    """Clean and transform user data."""
    df = raw_users.copy()
    return df[df["is_active"]]


@asset_check(asset=clean_orders, blocking=True)
def no_null_emails(clean_orders: pd.DataFrame) -> AssetCheckResult:
    nulls = int(clean_orders["email"].isnull().sum())
    return AssetCheckResult(passed=nulls == 0, metadata={"null_count": nulls})
