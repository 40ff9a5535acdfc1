# Migrated by dagster2mage from pkg/assets.py:48 (@asset regional_report).
import logging
from types import SimpleNamespace
from constructs.utils.partitions import current_partition_key

if 'data_exporter' not in globals():
    from mage_ai.data_preparation.decorators import data_exporter


@data_exporter
def regional_report(big_orders, *args, **kwargs):
    logger = kwargs.get('logger') or logging.getLogger('regional_report')
    asset_key = SimpleNamespace(path=['regional_report'])  # Dagster AssetKey
    partition_key = current_partition_key(kwargs, 'static', None)
    region = partition_key
    total = sum(big_orders)
    print(region, total, asset_key)
    logger.info('metadata: %s', {"total": total})
    return None
