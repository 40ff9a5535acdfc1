# Migrated by dagster2mage from src/weather/defs/assets.py:35 (@multi_asset load_dims).
import pandas as pd
from modern_dg.utils.resources import store_resource

if 'data_loader' not in globals():
    from mage_ai.data_preparation.decorators import data_loader


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
