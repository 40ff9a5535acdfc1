# Migrated by dagster2mage from shop/jobs.py:72 (@sensor new_orders_sensor).
# A Mage sensor block is polled every 60 seconds until it returns True; then the next block starts the target pipeline.
from seed_shop.utils.resources import files_resource

if 'sensor' not in globals():
    from mage_ai.data_preparation.decorators import sensor


@sensor
def new_orders_sensor(*args, **kwargs) -> bool:
    files = files_resource()
    incoming = files.list_incoming()
    if not incoming:
        return False
    for name in incoming:
        return True
    return False
