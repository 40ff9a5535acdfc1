# Migrated by dagster2mage from shop/jobs.py:45 (@sensor s3_sensor).
# A Mage sensor block is polled every 60 seconds until it returns True; then the next block starts the target pipeline.


def check_for_new_files():
    return []


if 'sensor' not in globals():
    from mage_ai.data_preparation.decorators import sensor


@sensor
def s3_sensor(*args, **kwargs) -> bool:
    files = check_for_new_files()
    for file in files:
        return True
    return False
