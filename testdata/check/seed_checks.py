# Seed guide §6: data quality and validation.
from dagster import asset, AssetCheckResult, asset_check


def load_users():
    return []


@asset
def users_table():
    return load_users()


@asset_check(asset=users_table)
def check_users_not_empty(asset_value):
    return AssetCheckResult(
        passed=len(asset_value) > 0,
        description="Users table should not be empty",
    )


@asset_check(asset=users_table)
def check_no_null_emails(asset_value):
    null_count = asset_value['email'].isnull().sum()
    return AssetCheckResult(
        passed=null_count == 0,
        metadata={"null_count": null_count},
    )
