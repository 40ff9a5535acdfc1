# Migrated by dagster2mage from pkg/assets.py:29 (@asset orders).
# Dagster group: sales.
# Dagster owners: ["team:data"]
# Dagster compute_kind: "pandas"
import logging


def scale(values, factor=2):
    return [v * factor for v in values]


if 'data_loader' not in globals():
    from mage_ai.data_preparation.decorators import data_loader


@data_loader
def orders(*args, **kwargs):
    """Order amounts."""
    logger = kwargs.get('logger') or logging.getLogger('sales__eu__orders')
    run_id = kwargs.get('pipeline_run_id')
    pipeline_uuid = kwargs.get('pipeline_uuid')
    logger.info("run %s of %s", run_id, pipeline_uuid)
    logger.info("metadata: %s", {"rows": 3})
    return [scale([1, 2, 3])]
