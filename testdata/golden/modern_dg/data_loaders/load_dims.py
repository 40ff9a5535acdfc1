# Migrated by dagster2mage from src/weather/defs/assets.py:35 (@multi_asset load_dims).
import logging
import pandas as pd
from modern_dg.utils.resources import store_resource

if 'data_loader' not in globals():
    from mage_ai.data_preparation.decorators import data_loader
if 'test' not in globals():
    from mage_ai.data_preparation.decorators import test


@data_loader
def load_dims(*args, **kwargs):
    """Both dimension tables come from one upload."""
    store = store_resource()
    outputs = {}
    stations = pd.DataFrame(store.read_json("stations.json")).sort_values("station_id")
    sensors = pd.DataFrame(store.read_json("sensors.json")).sort_values("sensor")
    outputs["station_dim"] = stations.reset_index(drop=True)
    outputs["sensor_dim"] = sensors.reset_index(drop=True)
    return outputs['station_dim'], outputs['sensor_dim']


@test
def station_ids_unique(*outputs, **kwargs) -> None:
    """Non-blocking check in Dagster: a failure is logged as a warning and the run goes on."""
    logger = kwargs.get('logger') or logging.getLogger('load_dims')
    station_dim = outputs[0]  # output 'station_dim' of load_dims
    dupes = int(station_dim["station_id"].duplicated().sum())
    if not (dupes == 0):
        logger.warning(f"station_ids_unique: duplicates={dupes}")


@test
def precision_positive(*outputs) -> None:
    """Blocking check in Dagster: a failure stops the run here too."""
    sensor_dim = outputs[1]  # output 'sensor_dim' of load_dims
    bad = sensor_dim[sensor_dim["precision"] <= 0]
    assert bad.empty, f"precision_positive: non_positive={len(bad)}"
