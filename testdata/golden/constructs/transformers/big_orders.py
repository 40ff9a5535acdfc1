# Migrated by dagster2mage from pkg/assets.py:38 (@asset big_orders).
import logging


THRESHOLD = 3


if 'transformer' not in globals():
    from mage_ai.data_preparation.decorators import transformer
if 'test' not in globals():
    from mage_ai.data_preparation.decorators import test


@transformer
def big_orders(orders, *args, **kwargs):
    log = kwargs.get('logger') or logging.getLogger('big_orders')
    big = [o for o in orders if o > THRESHOLD]
    if not big:
        raise Exception("no big orders")
    log.info(f"{len(big)} big orders")
    # Dagster metadata dropped here: it used Dagster metadata types.
    return big


@test
def positive(big_orders, *args, **kwargs) -> None:
    """Non-blocking check in Dagster: a failure is logged as a warning and the run goes on."""
    logger = kwargs.get('logger') or logging.getLogger('big_orders')
    bad = [o for o in big_orders if o <= 0]
    if bad:
        logger.warning("positive: %s; bad=%s" % (f"{len(bad)} non-positive", bad,))
        return
    pass
