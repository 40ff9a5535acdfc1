# Migrated by dagster2mage from shop/jobs.py:39 (@op export_order_totals).
import os
import pandas as pd

if 'data_exporter' not in globals():
    from mage_ai.data_preparation.decorators import data_exporter


@data_exporter
def export_order_totals(orders: pd.DataFrame, *args, **kwargs) -> None:
    """Write the daily order totals report."""
    totals = orders.groupby("order_date", as_index=False).agg(
        orders=("order_id", "count"), amount=("amount", "sum")
    )
    out_dir = os.environ.get("D2M_OUTPUT_DIR", "output")
    os.makedirs(out_dir, exist_ok=True)
    totals.sort_values("order_date").to_csv(os.path.join(out_dir, "order_totals.csv"), index=False)
