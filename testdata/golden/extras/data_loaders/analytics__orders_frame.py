# Migrated by dagster2mage from pkg/iomanagers.py:36 (@asset orders_frame).
import pandas as pd

if 'data_loader' not in globals():
    from mage_ai.data_preparation.decorators import data_loader


@data_loader
def orders_frame(*args, **kwargs) -> pd.DataFrame:
    return pd.DataFrame({"id": [1, 2], "amount": [3.5, 4.0]})
