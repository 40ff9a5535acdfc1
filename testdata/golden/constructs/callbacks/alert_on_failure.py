# Migrated by dagster2mage from pkg/jobs.py:41 (@failure_hook alert_on_failure).
# Mage runs callbacks in trigger runs only (not in a plain `mage run`).
import logging

if 'callback' not in globals():
    from mage_ai.data_preparation.decorators import callback


@callback("failure")
def alert_on_failure(parent_output, **kwargs):
    logger = kwargs.get('logger') or logging.getLogger('alert_on_failure')
    parent_block_uuid = kwargs.get('parent_block_uuid')
    error = kwargs.get('__error')
    logger.error(f"{parent_block_uuid} failed: {error}")
