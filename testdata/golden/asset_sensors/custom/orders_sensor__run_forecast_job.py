# Starts pipeline forecast_job once the sensor orders_sensor is satisfied (Dagster sensor target).
from mage_ai.orchestration.triggers.api import trigger_pipeline

if 'custom' not in globals():
    from mage_ai.data_preparation.decorators import custom


@custom
def run_forecast_job(*args, **kwargs):
    """Dagster launched one run per RunRequest; here the target pipeline runs once per poll."""
    trigger_pipeline('forecast_job', check_status=False, error_on_failure=False)
