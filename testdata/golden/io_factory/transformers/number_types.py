# Migrated by dagster2mage from iofactory/definitions.py:51 (@asset number_types).
import logging
from types import SimpleNamespace
from io_factory.utils.resources import csv_io_resource

if 'transformer' not in globals():
    from mage_ai.data_preparation.decorators import transformer


@transformer
def number_types(rows, *args, **kwargs):
    csv_io_manager = csv_io_resource()
    rows = csv_io_manager.load_input(SimpleNamespace(
        asset_key=SimpleNamespace(path=['number_rows'], to_user_string=lambda: 'number_rows'),
        has_asset_key=True,
        name='rows',
        partition_key=None,
        has_partition_key=False,
        has_asset_partitions=False,
        metadata={},
        definition_metadata={},
        resource_config={},
        dagster_type=None,
        upstream_output=SimpleNamespace(asset_key=SimpleNamespace(path=['number_rows'], to_user_string=lambda: 'number_rows'), name='number_rows', metadata={}, definition_metadata={}),
        log=kwargs.get('logger') or logging.getLogger('number_types'),
    ))
    return [[[type(x).__name__ for x in row] for row in rows]]
