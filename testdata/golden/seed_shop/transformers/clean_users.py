# Migrated by dagster2mage from shop/assets.py:33 (@asset clean_users).
# Dagster group: users.
import pandas as pd

if 'transformer' not in globals():
    from mage_ai.data_preparation.decorators import transformer
if 'test' not in globals():
    from mage_ai.data_preparation.decorators import test


@transformer
def clean_users(raw_users: pd.DataFrame, *args, **kwargs) -> pd.DataFrame:
    """
    Clean and transform user data.
    """
    df = raw_users.copy()
    df["full_name"] = df["first_name"] + " " + df["last_name"]
    return df[df["is_active"]]


@test
def no_null_emails(clean_users, *args) -> None:
    """Blocking check in Dagster: a failure stops the run here too."""
    null_count = int(clean_users["email"].isnull().sum())
    assert null_count == 0, f"no_null_emails: null_count={null_count}"
