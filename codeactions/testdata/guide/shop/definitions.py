from dagster import Definitions, load_assets_from_modules

from . import assets, partitioned
from .jobs import my_job, daily_schedule, s3_sensor, DatabaseResource

defs = Definitions(
    assets=load_assets_from_modules([assets, partitioned]),
    jobs=[my_job, partitioned.sales_job],
    schedules=[daily_schedule, partitioned.sales_schedule],
    sensors=[s3_sensor],
)
