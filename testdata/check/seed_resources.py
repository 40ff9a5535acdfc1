# Seed guide §2: configuration and resources.
from dagster import resource, op, job, ConfigurableResource
from pydantic import Field


def connect(host, port, database):
    raise NotImplementedError


class DatabaseResource(ConfigurableResource):
    host: str
    port: int = Field(default=5432)
    database: str

    def get_connection(self):
        return connect(self.host, self.port, self.database)


@op
def load_data(context, database: DatabaseResource):
    conn = database.get_connection()
    return conn.execute("SELECT * FROM users")


@job(
    resource_defs={
        "database": DatabaseResource(
            host="localhost",
            database="prod",
        )
    }
)
def my_job():
    load_data()
