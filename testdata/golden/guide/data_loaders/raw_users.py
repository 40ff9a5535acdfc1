# Migrated by dagster2mage from shop/assets.py:16 (@asset raw_users).
import pandas as pd


SOURCE_URL = "postgresql://localhost/db"


if 'data_loader' not in globals():
    from mage_ai.data_preparation.decorators import data_loader


@data_loader
def raw_users(*args, **kwargs) -> pd.DataFrame:
    """
    Load raw user data from database.
    """
    return pd.read_sql("SELECT * FROM users", con=SOURCE_URL)
