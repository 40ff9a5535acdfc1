# Migrated by dagster2mage from pkg/iomanagers.py:41 (@asset visits_frame).
import pandas as pd

if 'data_loader' not in globals():
    from mage_ai.data_preparation.decorators import data_loader


@data_loader
def visits_frame(*args, **kwargs) -> pd.DataFrame:
    return pd.DataFrame({"day": ["2024-01-01"], "visits": [10]})
