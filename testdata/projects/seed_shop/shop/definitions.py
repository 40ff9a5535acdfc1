from dagster import Definitions, EnvVar, define_asset_job, AssetSelection

from .assets import (
    clean_users,
    daily_sales,
    load_tables,
    no_null_emails,
    raw_users,
    raw_users_not_empty,
    revenue_by_user,
    user_analytics,
)
from .jobs import daily_schedule, new_orders_sensor, orders_job
from .resources import ShopFiles

users_job = define_asset_job("users_job", selection=AssetSelection.groups("users"))

defs = Definitions(
    assets=[raw_users, clean_users, user_analytics, load_tables, revenue_by_user, daily_sales],
    asset_checks=[raw_users_not_empty, no_null_emails],
    jobs=[orders_job, users_job],
    schedules=[daily_schedule],
    sensors=[new_orders_sensor],
    resources={"files": ShopFiles(data_dir=EnvVar("SHOP_DATA_DIR"))},
)
