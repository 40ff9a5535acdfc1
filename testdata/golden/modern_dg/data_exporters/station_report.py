# Migrated by dagster2mage from src/weather/defs/assets.py:65 (@asset station_report).
# Dagster group: dims.
from modern_dg.utils.resources import sink_resource

if 'data_exporter' not in globals():
    from mage_ai.data_preparation.decorators import data_exporter


@data_exporter
def station_report(load_dims, *args, **kwargs) -> None:
    """Stations with their sensor's vendor, highest first."""
    station_dim = load_dims[0]  # output 'station_dim' of load_dims
    sensor_dim = load_dims[1]  # output 'sensor_dim' of load_dims
    sink = sink_resource()
    report = station_dim.merge(sensor_dim, on="sensor", how="left")
    report = report.sort_values(["elevation_m", "station_id"], ascending=[False, True])
    sink.write_csv("station_report.csv", report[["station_id", "name", "elevation_m", "vendor", "precision"]])
