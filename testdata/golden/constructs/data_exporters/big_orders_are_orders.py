# Migrated by dagster2mage from pkg/assets.py:84 (@asset_check big_orders_are_orders).

if 'data_exporter' not in globals():
    from mage_ai.data_preparation.decorators import data_exporter


@data_exporter
def big_orders_are_orders(big_orders, all_orders, *args, **kwargs):
    """Dagster asset check (blocking): a failure fails this block and stops the run."""
    assert set(big_orders) <= set(all_orders), f"big_orders_are_orders: extra={len(set(big_orders) - set(all_orders))}"
