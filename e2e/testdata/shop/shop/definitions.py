from dagster import Definitions, ScheduleDefinition, define_asset_job

from shop.assets import clean_users, no_null_emails, raw_users

users_job = define_asset_job("users_job", selection=["raw_users", "clean_users"])

daily_users = ScheduleDefinition(job=users_job, cron_schedule="0 6 * * *")

defs = Definitions(
    assets=[raw_users, clean_users],
    asset_checks=[no_null_emails],
    jobs=[users_job],
    schedules=[daily_users],
)
