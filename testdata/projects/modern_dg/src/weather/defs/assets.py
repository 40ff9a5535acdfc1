import dagster as dg
import pandas as pd

from weather.defs.resources import ReportSink, StationStore

weekly = dg.WeeklyPartitionsDefinition(start_date="2024-03-03")


@dg.asset(partitions_def=weekly, group_name="readings")
def weekly_readings(context: dg.AssetExecutionContext, store: StationStore) -> pd.DataFrame:
    """The readings of one week (Sunday to Sunday, UTC)."""
    window = context.partition_time_window
    readings = store.read_readings()
    start, end = window.start.replace(tzinfo=None), window.end.replace(tzinfo=None)
    week = readings[(readings["ts"] >= start) & (readings["ts"] < end)]
    context.log.info(f"{len(week)} readings in week {context.partition_key}")
    return week.sort_values(["station_id", "ts"]).reset_index(drop=True)


@dg.asset(partitions_def=weekly, group_name="readings")
def weekly_summary(
    context: dg.AssetExecutionContext, weekly_readings: pd.DataFrame, sink: ReportSink
) -> pd.DataFrame:
    summary = (
        weekly_readings.groupby("station_id", as_index=False)["temp_c"]
        .agg(["count", "min", "max", "mean"])
        .round(3)
        .sort_values("station_id")
    )
    summary.insert(0, "week", context.partition_key)
    sink.write_csv(f"weekly_summary_{context.partition_key}.csv", summary)
    return summary


@dg.multi_asset(
    outs={
        "station_dim": dg.AssetOut(group_name="dims"),
        "sensor_dim": dg.AssetOut(group_name="dims"),
    }
)
def load_dims(store: StationStore):
    """Both dimension tables come from one upload."""
    stations = pd.DataFrame(store.read_json("stations.json")).sort_values("station_id")
    sensors = pd.DataFrame(store.read_json("sensors.json")).sort_values("sensor")
    yield dg.Output(stations.reset_index(drop=True), output_name="station_dim")
    yield dg.Output(sensors.reset_index(drop=True), output_name="sensor_dim")


@dg.asset_check(asset="station_dim")
def station_ids_unique(station_dim: pd.DataFrame) -> dg.AssetCheckResult:
    dupes = int(station_dim["station_id"].duplicated().sum())
    return dg.AssetCheckResult(
        passed=dupes == 0,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={"duplicates": dupes},
    )


@dg.asset_check(asset="sensor_dim", blocking=True)
def precision_positive(sensor_dim: pd.DataFrame) -> dg.AssetCheckResult:
    bad = sensor_dim[sensor_dim["precision"] <= 0]
    return dg.AssetCheckResult(passed=bad.empty, metadata={"non_positive": len(bad)})


@dg.asset(group_name="dims")
def station_report(station_dim: pd.DataFrame, sensor_dim: pd.DataFrame, sink: ReportSink) -> None:
    """Stations with their sensor's vendor, highest first."""
    report = station_dim.merge(sensor_dim, on="sensor", how="left")
    report = report.sort_values(["elevation_m", "station_id"], ascending=[False, True])
    sink.write_csv("station_report.csv", report[["station_id", "name", "elevation_m", "vendor", "precision"]])
