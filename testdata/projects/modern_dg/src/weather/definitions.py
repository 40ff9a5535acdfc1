import os

import dagster as dg

from weather.defs import assets
from weather.defs.resources import ReportSink, StationStore

dims_job = dg.define_asset_job("dims_job", selection=dg.AssetSelection.groups("dims"))
readings_job = dg.define_asset_job(
    "readings_job",
    selection=dg.AssetSelection.groups("readings"),
    partitions_def=assets.weekly,
)

dims_schedule = dg.ScheduleDefinition(
    job=dims_job,
    cron_schedule="15 6 * * 1-5",
    execution_timezone="Europe/Berlin",
)
readings_schedule = dg.build_schedule_from_partitioned_job(readings_job, hour_of_day=1)


@dg.definitions
def defs() -> dg.Definitions:
    return dg.Definitions(
        assets=dg.load_assets_from_modules([assets]),
        asset_checks=[assets.precision_positive, assets.station_ids_unique],
        jobs=[dims_job, readings_job],
        schedules=[dims_schedule, readings_schedule],
        resources={
            "store": StationStore(root=dg.EnvVar("WEATHER_DATA_DIR")),
            "sink": ReportSink(directory=os.environ.get("D2M_OUTPUT_DIR", "output")),
        },
    )
