# Migrated by dagster2mage from definitions.py:18 (@asset_sensor orders_sensor).
# Dagster evaluated the sensor after each new materialization of asset orders. Here the sensor
# passes when a pipeline holding that asset's block (orders_job) completed a run after the latest run
# of forecast_job was created (Mage's pipeline_run table: scheduler and trigger runs are recorded there,
# a plain `mage run` is not); then the next block starts the target pipeline.
from mage_ai.orchestration.db.models.schedules import PipelineRun

if 'sensor' not in globals():
    from mage_ai.data_preparation.decorators import sensor

PRODUCERS = ['orders_job']
TARGETS = ['forecast_job']


@sensor
def orders_sensor(*args, **kwargs) -> bool:
    """True when a producer run completed after the latest run of a target pipeline was created."""
    produced = (
        PipelineRun.query.filter(
            PipelineRun.pipeline_uuid.in_(PRODUCERS),
            PipelineRun.status == PipelineRun.PipelineRunStatus.COMPLETED,
        )
        .order_by(PipelineRun.completed_at.desc())
        .first()
    )
    if produced is None or produced.completed_at is None:
        return False
    for target in TARGETS:
        last = (
            PipelineRun.query.filter(PipelineRun.pipeline_uuid == target)
            .order_by(PipelineRun.created_at.desc())
            .first()
        )
        if last is None or last.created_at < produced.completed_at:
            return True
    return False
