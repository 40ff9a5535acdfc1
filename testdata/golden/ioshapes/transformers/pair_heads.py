# Migrated by dagster2mage from pkg/definitions.py:48 (@asset pair_heads).
import logging
from types import SimpleNamespace
from ioshapes.utils.resources import archive_io_resource

if 'transformer' not in globals():
    from mage_ai.data_preparation.decorators import transformer


@transformer
def pair_heads(pairs, *args, **kwargs):
    archive_io_manager = archive_io_resource()
    pairs = archive_io_manager.load_input(SimpleNamespace(
        asset_key=SimpleNamespace(path=['row_pairs'], to_user_string=lambda: 'row_pairs'),
        has_asset_key=True,
        name='pairs',
        partition_key=None,
        has_partition_key=False,
        has_asset_partitions=False,
        metadata={},
        definition_metadata={},
        resource_config={},
        dagster_type=None,
        upstream_output=SimpleNamespace(asset_key=SimpleNamespace(path=['row_pairs'], to_user_string=lambda: 'row_pairs'), name='row_pairs', metadata={}, definition_metadata={}),
        log=kwargs.get('logger') or logging.getLogger('pair_heads'),
    ))
    return [[p[0] for p in pairs]]
