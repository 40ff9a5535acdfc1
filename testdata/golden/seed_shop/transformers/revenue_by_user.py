# Migrated by dagster2mage from shop/assets.py:82 (@asset revenue_by_user).
# Dagster group: orders.
import os
import pandas as pd


def output_path(name: str) -> str:
    """Where leaf assets write what the shop's reports read."""
    out_dir = os.environ.get("D2M_OUTPUT_DIR", "output")
    os.makedirs(out_dir, exist_ok=True)
    return os.path.join(out_dir, name)


if 'transformer' not in globals():
    from mage_ai.data_preparation.decorators import transformer


@transformer
def revenue_by_user(load_tables, *args, **kwargs) -> pd.DataFrame:
    """Order revenue per user, joined to the user's name."""
    users_table = load_tables[0]  # output 'users_table' of load_tables
    orders_table = load_tables[1]  # output 'orders_table' of load_tables
    merged = orders_table.merge(users_table, on="user_id")
    totals = (
        merged.groupby(["user_id", "first_name", "last_name"], as_index=False)["amount"]
        .sum()
        .sort_values("user_id")
    )
    totals.to_csv(output_path("revenue_by_user.csv"), index=False)
    return totals
