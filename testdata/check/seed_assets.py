# Seed guide §1: converting assets to blocks.
from dagster import asset, AssetIn
import pandas as pd


@asset
def raw_users() -> pd.DataFrame:
    """
    Load raw user data from database.
    """
    return pd.read_sql(
        "SELECT * FROM users",
        con="postgresql://localhost/db",
    )


@asset
def clean_users(raw_users: pd.DataFrame) -> pd.DataFrame:
    """
    Clean and transform user data.
    """
    df = raw_users.copy()
    df['full_name'] = df['first_name'] + ' ' + df['last_name']
    return df[df['is_active']]


@asset(
    ins={"users": AssetIn("clean_users")}
)
def user_analytics(users: pd.DataFrame) -> pd.DataFrame:
    """
    Calculate user analytics.
    """
    return users.groupby('signup_date').agg({
        'user_id': 'count',
        'revenue': 'sum',
    })
