import os

import pandas as pd
from dagster import (
    Backoff,
    Config,
    OpExecutionContext,
    RetryPolicy,
    RunRequest,
    SkipReason,
    job,
    op,
    schedule,
    sensor,
)

from .resources import ShopFiles


class OrdersConfig(Config):
    as_of: str = "2024-01-31"


@op(
    retry_policy=RetryPolicy(
        max_retries=3,
        delay=30,
        backoff=Backoff.EXPONENTIAL,
    )
)
def flaky_operation(context: OpExecutionContext, config: OrdersConfig, files: ShopFiles) -> pd.DataFrame:
    """Read the orders export; the export share is flaky, hence the retries."""
    orders = files.read_csv("orders.csv")
    orders = orders[orders["order_date"] <= config.as_of]
    context.log.info(f"{len(orders)} orders up to {config.as_of}")
    return orders


@op
def export_order_totals(orders: pd.DataFrame) -> None:
    """Write the daily order totals report."""
    totals = orders.groupby("order_date", as_index=False).agg(
        orders=("order_id", "count"), amount=("amount", "sum")
    )
    out_dir = os.environ.get("D2M_OUTPUT_DIR", "output")
    os.makedirs(out_dir, exist_ok=True)
    totals.sort_values("order_date").to_csv(os.path.join(out_dir, "order_totals.csv"), index=False)


@job
def orders_job():
    export_order_totals(flaky_operation())


@schedule(
    cron_schedule="0 2 * * *",
    job=orders_job,
    execution_timezone="America/New_York",
)
def daily_schedule(context):
    return RunRequest(
        run_config={
            "ops": {
                "flaky_operation": {
                    "config": {"as_of": context.scheduled_execution_time.strftime("%Y-%m-%d")}
                }
            }
        }
    )


@sensor(job=orders_job, minimum_interval_seconds=60)
def new_orders_sensor(context, files: ShopFiles):
    incoming = files.list_incoming()
    if not incoming:
        yield SkipReason("no new order files")
        return
    for name in incoming:
        yield RunRequest(run_key=name, run_config={"ops": {"flaky_operation": {"config": {"as_of": "2024-12-31"}}}})
