# Migrated by dagster2mage from src/weather/defs/assets.py:9 (@asset weekly_readings).
# Dagster group: readings.
import logging
import pandas as pd
from modern_dg.utils.resources import store_resource
from modern_dg.utils.partitions import current_partition_key, current_time_window

if 'data_loader' not in globals():
    from mage_ai.data_preparation.decorators import data_loader


@data_loader
def weekly_readings(*args, **kwargs) -> pd.DataFrame:
    """The readings of one week (Sunday to Sunday, UTC)."""
    logger = kwargs.get('logger') or logging.getLogger('weekly_readings')
    store = store_resource()
    partition_key = current_partition_key(kwargs, 'weekly', '%Y-%m-%d')
    partition_time_window = current_time_window(kwargs, 'weekly', '%Y-%m-%d')
    window = partition_time_window
    readings = store.read_readings()
    start, end = window.start.replace(tzinfo=None), window.end.replace(tzinfo=None)
    week = readings[(readings["ts"] >= start) & (readings["ts"] < end)]
    logger.info(f"{len(week)} readings in week {partition_key}")
    return week.sort_values(["station_id", "ts"]).reset_index(drop=True)
