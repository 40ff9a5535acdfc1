"""Constructs the translator must handle beyond the fixture projects."""
import asyncio
from typing import List

import dagster as dg
from dagster import (
    AssetKey,
    AssetSpec,
    AutomationCondition,
    Failure,
    MaterializeResult,
    MetadataValue,
    Output,
    StaticPartitionsDefinition,
    asset,
    asset_check,
    get_dagster_logger,
)

THRESHOLD = 3
regions = StaticPartitionsDefinition(["eu", "us"])
raw_events_spec = AssetSpec(key="raw_events", description="Landed by an external loader")


def scale(values, factor=2):
    return [v * factor for v in values]


@asset(key_prefix=["sales", "eu"], group_name="sales", owners=["team:data"], compute_kind="pandas",
       retry_policy=dg.RetryPolicy(max_retries=2, delay=5))
def orders(context: dg.AssetExecutionContext) -> List[int]:
    """Order amounts."""
    context.log.info("run %s of %s", context.run_id, context.job_name)
    context.add_output_metadata({"rows": 3})
    return scale([1, 2, 3])


@asset(ins={"orders": dg.AssetIn(key_prefix=["sales", "eu"])}, deps=[raw_events_spec])
def big_orders(context, orders):
    log = get_dagster_logger()
    big = [o for o in orders if o > THRESHOLD]
    if not big:
        raise Failure(description="no big orders")
    log.info(f"{len(big)} big orders")
    return Output(big, metadata={"count": len(big), "preview": MetadataValue.md("x")})


@asset(partitions_def=regions, automation_condition=AutomationCondition.on_cron("0 3 * * *"))
def regional_report(context, big_orders) -> MaterializeResult:
    region = context.partition_key
    total = sum(big_orders)
    print(region, total, context.asset_key)
    return MaterializeResult(metadata={"total": total})


@asset
async def fetched(context):
    await asyncio.sleep(0)
    yield dg.AssetMaterialization(asset_key="fetched")
    yield Output(1)


@asset_check(asset=big_orders, description="amounts are positive")
def positive(context, big_orders):
    bad = [o for o in big_orders if o <= 0]
    if bad:
        return dg.AssetCheckResult(passed=False, description=f"{len(bad)} non-positive", metadata={"bad": bad})
    return dg.AssetCheckResult(passed=True)


@asset_check(asset=AssetKey(["sales", "eu", "orders"]), blocking=True, additional_ins={"spec": dg.AssetIn("raw_events")})
def matches_source(orders, spec):
    return dg.AssetCheckResult(passed=len(orders) == len(spec))


@asset(io_manager_key="warehouse")
def order_table(big_orders):
    """Stored in DuckDB by the warehouse IO manager."""
    import pandas as pd

    return pd.DataFrame({"amount": big_orders})


@asset_check(asset=big_orders, blocking=True, additional_ins={"all_orders": dg.AssetIn(key=["sales", "eu", "orders"])})
def big_orders_are_orders(big_orders, all_orders):
    return dg.AssetCheckResult(passed=set(big_orders) <= set(all_orders), metadata={"extra": len(set(big_orders) - set(all_orders))})
