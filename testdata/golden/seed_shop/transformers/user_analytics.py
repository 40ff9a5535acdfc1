# Migrated by dagster2mage from shop/assets.py:43 (@asset user_analytics).
# Dagster group: users.
import os
import pandas as pd


def output_path(name: str) -> str:
    """Where leaf assets write what the shop's reports read."""
    out_dir = os.environ.get("D2M_OUTPUT_DIR", "output")
    os.makedirs(out_dir, exist_ok=True)
    return os.path.join(out_dir, name)


if 'transformer' not in globals():
    from mage_ai.data_preparation.decorators import transformer


@transformer
def user_analytics(users: pd.DataFrame, *args, **kwargs) -> pd.DataFrame:
    """
    Calculate user analytics.
    """
    result = users.groupby("signup_date").agg({"user_id": "count", "revenue": "sum"})
    result = result.reset_index().sort_values("signup_date")
    result.to_csv(output_path("user_analytics.csv"), index=False)
    return result
