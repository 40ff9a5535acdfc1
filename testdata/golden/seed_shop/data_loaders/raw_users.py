# Migrated by dagster2mage from shop/assets.py:25 (@asset raw_users).
# Dagster group: users.
import logging
import pandas as pd
from seed_shop.utils.resources import files_resource

if 'data_loader' not in globals():
    from mage_ai.data_preparation.decorators import data_loader
if 'test' not in globals():
    from mage_ai.data_preparation.decorators import test


@data_loader
def raw_users(*args, **kwargs) -> pd.DataFrame:
    """
    Load raw user data from the exported users table.
    """
    files = files_resource()
    return files.read_csv("users.csv")


@test
def raw_users_not_empty(raw_users, *args, **kwargs) -> None:
    """Non-blocking check in Dagster: a failure is logged as a warning and the run goes on."""
    logger = kwargs.get('logger') or logging.getLogger('raw_users')
    if not (len(raw_users) > 0):
        logger.warning("raw_users_not_empty: Users table should not be empty")
