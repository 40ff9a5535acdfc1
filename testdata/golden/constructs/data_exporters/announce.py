# Migrated by dagster2mage from pkg/jobs.py:36 (@op announce).
import logging

if 'data_exporter' not in globals():
    from mage_ai.data_preparation.decorators import data_exporter


@data_exporter
def announce(*args, **kwargs):
    logger = kwargs.get('logger') or logging.getLogger('announce')
    logger.warning("done")
