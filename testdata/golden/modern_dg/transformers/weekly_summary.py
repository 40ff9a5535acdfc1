# Migrated by dagster2mage from src/weather/defs/assets.py:20 (@asset weekly_summary).
# Dagster group: readings.
import pandas as pd
from modern_dg.utils.resources import sink_resource
from modern_dg.utils.partitions import current_partition_key

if 'transformer' not in globals():
    from mage_ai.data_preparation.decorators import transformer


@transformer
def weekly_summary(weekly_readings: pd.DataFrame, *args, **kwargs) -> pd.DataFrame:
    sink = sink_resource()
    partition_key = current_partition_key(kwargs, 'weekly', '%Y-%m-%d')
    summary = (
        weekly_readings.groupby("station_id", as_index=False)["temp_c"]
        .agg(["count", "min", "max", "mean"])
        .round(3)
        .sort_values("station_id")
    )
    summary.insert(0, "week", partition_key)
    sink.write_csv(f"weekly_summary_{partition_key}.csv", summary)
    return summary
