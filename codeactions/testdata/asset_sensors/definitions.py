import dagster as dg


@dg.asset
def orders():
    return [1, 2, 3]


@dg.asset
def forecast():
    return 42


orders_job = dg.define_asset_job("orders_job", selection=["orders"])
forecast_job = dg.define_asset_job("forecast_job", selection=["forecast"])


@dg.asset_sensor(asset_key=dg.AssetKey("orders"), job=forecast_job)
def orders_sensor(context: dg.SensorEvaluationContext, asset_event: dg.EventLogEntry):
    """Forecast again whenever new orders land."""
    yield dg.RunRequest(run_key=context.cursor)


@dg.asset_sensor(asset_key=dg.AssetKey("orders"), job_name="forecast_job")
def big_orders_sensor(context, asset_event):
    if asset_event.dagster_event.event_specific_data.materialization.metadata.get("rows", 0) > 2:
        yield dg.RunRequest(run_key=context.cursor, run_config={"ops": {}})


@dg.asset_sensor(asset_key=dg.AssetKey(["warehouse", "events"]), job=forecast_job)
def external_sensor(context, asset_event):
    yield dg.RunRequest()


defs = dg.Definitions(
    assets=[orders, forecast],
    jobs=[orders_job, forecast_job],
    sensors=[orders_sensor, big_orders_sensor, external_sensor],
)
