# Migrated by dagster2mage from shop/jobs.py:24 (@op flaky_operation).
import logging
from types import SimpleNamespace
import pandas as pd
from seed_shop.utils.resources import files_resource
from seed_shop.utils.partitions import scheduled_time

if 'data_loader' not in globals():
    from mage_ai.data_preparation.decorators import data_loader


@data_loader
def flaky_operation(*args, **kwargs) -> pd.DataFrame:
    """Read the orders export; the export share is flaky, hence the retries."""
    logger = kwargs.get('logger') or logging.getLogger('flaky_operation')
    config = SimpleNamespace(as_of=kwargs.get("as_of", "2024-01-31"))
    if kwargs.get('trigger_name') == 'daily_schedule':
        # Dagster schedule daily_schedule computed this config from its tick.
        scheduled_execution_time = scheduled_time(kwargs, 'America/New_York')
        config.as_of = scheduled_execution_time.strftime("%Y-%m-%d")
    files = files_resource()
    orders = files.read_csv("orders.csv")
    orders = orders[orders["order_date"] <= config.as_of]
    logger.info(f"{len(orders)} orders up to {config.as_of}")
    return orders
