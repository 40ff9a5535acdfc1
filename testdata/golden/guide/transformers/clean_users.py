# Migrated by dagster2mage from shop/assets.py:24 (@asset clean_users).
import logging
import pandas as pd

if 'transformer' not in globals():
    from mage_ai.data_preparation.decorators import transformer
if 'test' not in globals():
    from mage_ai.data_preparation.decorators import test


@transformer
def clean_users(raw_users: pd.DataFrame, *args, **kwargs) -> pd.DataFrame:
    """Clean and transform user data."""
    df = raw_users.copy()
    df["full_name"] = df["first_name"] + " " + df["last_name"]
    return df[df["is_active"]]


@test
def no_null_emails(clean_users, *args) -> None:
    """Blocking check in Dagster: a failure stops the run here too."""
    nulls = int(clean_users["email"].isnull().sum())
    assert nulls == 0, f"no_null_emails: null_count={nulls}"


@test
def users_not_empty(asset_value, *args, **kwargs) -> None:
    """Non-blocking check in Dagster: a failure is logged as a warning and the run goes on."""
    logger = kwargs.get('logger') or logging.getLogger('clean_users')
    if not (len(asset_value) > 0):
        logger.warning("users_not_empty: Users table should not be empty")
