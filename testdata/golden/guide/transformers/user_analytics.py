# Migrated by dagster2mage from shop/assets.py:32 (@asset user_analytics).
import pandas as pd

if 'transformer' not in globals():
    from mage_ai.data_preparation.decorators import transformer


@transformer
def user_analytics(users: pd.DataFrame, *args, **kwargs) -> pd.DataFrame:
    """Calculate user analytics."""
    return users.groupby("signup_date").agg({"user_id": "count", "revenue": "sum"})
