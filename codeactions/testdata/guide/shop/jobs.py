from dagster import Backoff, ConfigurableResource, RetryPolicy, job, op, schedule, sensor, RunRequest, EnvVar
from pydantic import Field


class DatabaseResource(ConfigurableResource):
    host: str
    port: int = Field(default=5432)
    database: str

    def get_connection(self):
        return connect(self.host, self.port, self.database)


def connect(host, port, database):
    return {"host": host, "port": port, "database": database}


@op
def load_data(context, database: DatabaseResource):
    conn = database.get_connection()
    context.log.info(f"connected to {conn}")
    return conn


@op(retry_policy=RetryPolicy(max_retries=3, delay=30, backoff=Backoff.EXPONENTIAL))
def flaky_operation(data):
    # May fail and retry
    return data


@job(resource_defs={"database": DatabaseResource(host="localhost", database=EnvVar("DB_NAME"))})
def my_job():
    flaky_operation(load_data())


@schedule(cron_schedule="0 2 * * *", job=my_job, execution_timezone="America/New_York")
def daily_schedule(context):
    return RunRequest(run_config={"ops": {"load_data": {"config": {"date": context.scheduled_execution_time}}}})


def check_for_new_files():
    return []


@sensor(job=my_job)
def s3_sensor(context):
    files = check_for_new_files()
    for file in files:
        yield RunRequest(run_key=file, run_config={"file_path": file})
