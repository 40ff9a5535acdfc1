import dagster as dg
from dagster import asset, AssetCheckResult, asset_check, define_asset_job, ScheduleDefinition, Definitions


@asset
def raw_users():
    """Users from the CRM 🐍 — ユーザー."""
    return [{"name": "🐍 ユーザー", "active": True}]


@asset
def clean_users(raw_users):
    """Clean 日本語 users."""
    return [u for u in raw_users if u["active"]]


@asset_check(asset=clean_users, blocking=True)
def no_empty_names(clean_users):
    return AssetCheckResult(passed=all(u["name"] for u in clean_users))


@dg.asset
def ユーザー数(clean_users): return len(clean_users)  # 🐍 counts


label = "🐍 日本"; weekly_job = define_asset_job("weekly_job", selection=["raw_users"])
users_job = define_asset_job("users_job", selection=["raw_users", "clean_users"])
daily = ScheduleDefinition(job=users_job, cron_schedule="0 6 * * *")
defs = Definitions(assets=[raw_users, clean_users, ユーザー数], asset_checks=[no_empty_names], jobs=[users_job], schedules=[daily])
