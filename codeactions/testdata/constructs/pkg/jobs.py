from dagster import (
    DefaultScheduleStatus,
    Definitions,
    In,
    Nothing,
    Out,
    ScheduleDefinition,
    define_asset_job,
    failure_hook,
    in_process_executor,
    job,
    op,
    run_failure_sensor,
    success_hook,
    AssetSelection,
    FilesystemIOManager,
    EnvVar,
)

from dagster_duckdb_pandas import DuckDBPandasIOManager

from .assets import big_orders, orders, positive, regional_report, fetched, matches_source, order_table, big_orders_are_orders


@op(out={"evens": Out(), "odds": Out()})
def split(numbers=None):
    numbers = numbers or [1, 2, 3, 4]
    return [n for n in numbers if n % 2 == 0], [n for n in numbers if n % 2]


@op
def add(a, b, offset: int = 0):
    return sum(a) + sum(b) + offset


@op(ins={"after": In(Nothing)})
def announce(context):
    context.log.warning("done")


@failure_hook
def alert_on_failure(context):
    context.log.error(f"{context.op.name} failed: {context.op_exception}")


@success_hook
def note_success(context):
    print(context.job_name, context.run_id)


@job(hooks={alert_on_failure}, executor_def=in_process_executor, tags={"team": "data"},
     config={"ops": {"add": {"config": {"unused": 1}}}})
def numbers_job():
    evens, odds = split()
    announce(after=add(evens, odds))


sales_job = define_asset_job("sales_job", selection=AssetSelection.keys(["sales", "eu", "orders"]).downstream(),
                             op_retry_policy=None)

nightly = ScheduleDefinition(job=sales_job, cron_schedule="@daily", execution_timezone="Asia/Tokyo",
                             default_status=DefaultScheduleStatus.RUNNING, run_config={"ops": {}})


@run_failure_sensor(monitored_jobs=[numbers_job])
def slack_on_failure(context):
    print(context.failure_event)


defs = Definitions(
    assets=[orders, big_orders, regional_report, fetched, order_table],
    asset_checks=[positive, matches_source, big_orders_are_orders],
    jobs=[numbers_job, sales_job],
    schedules=[nightly],
    sensors=[slack_on_failure],
    resources={
        "io_manager": FilesystemIOManager(base_dir="/tmp/x"),
        "warehouse": DuckDBPandasIOManager(database=EnvVar("WAREHOUSE_DB"), schema="analytics"),
    },
)
