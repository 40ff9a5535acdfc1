# Migrated by dagster2mage from shop/jobs.py:18 (@op load_data).
import logging
from guide.utils.resources import database_resource

if 'data_loader' not in globals():
    from mage_ai.data_preparation.decorators import data_loader


@data_loader
def load_data(*args, **kwargs):
    logger = kwargs.get('logger') or logging.getLogger('load_data')
    database = database_resource()
    conn = database.get_connection()
    logger.info(f"connected to {conn}")
    return conn
