# Migrated by dagster2mage from pkg/jobs.py:33 (@op announce).
import logging

if 'data_loader' not in globals():
    from mage_ai.data_preparation.decorators import data_loader


@data_loader
def announce(*args, **kwargs):
    logger = kwargs.get('logger') or logging.getLogger('announce')
    logger.warning("done")
