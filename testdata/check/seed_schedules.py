# Seed guide §4: scheduling and sensors.
from dagster import schedule, sensor, RunRequest

from seed_resources import my_job


def check_for_new_files():
    return []


@schedule(
    cron_schedule="0 2 * * *",
    job=my_job,
    execution_timezone="America/New_York",
)
def daily_schedule(context):
    return RunRequest(
        run_config={
            "ops": {
                "load_data": {
                    "config": {"date": context.scheduled_execution_time}
                }
            }
        }
    )


@sensor(job=my_job)
def s3_sensor(context):
    files = check_for_new_files()
    for file in files:
        yield RunRequest(
            run_key=file,
            run_config={"file_path": file},
        )
