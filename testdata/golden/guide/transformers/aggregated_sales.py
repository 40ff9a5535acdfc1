# Migrated by dagster2mage from shop/partitioned.py:18 (@asset aggregated_sales).
import pandas as pd

if 'transformer' not in globals():
    from mage_ai.data_preparation.decorators import transformer


@transformer
def aggregated_sales(daily_sales: pd.DataFrame, *args, **kwargs) -> pd.DataFrame:
    """Aggregate sales data."""
    return daily_sales.groupby("product_id").agg({"amount": "sum"})
