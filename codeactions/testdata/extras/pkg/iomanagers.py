"""IO managers: a custom one (handle_output becomes an exporter block) and warehouse ones."""
import json
import os

import pandas as pd
from dagster import ConfigurableIOManager, Definitions, EnvVar, InputContext, OutputContext, asset
from dagster_gcp_pandas import BigQueryPandasIOManager
from dagster_snowflake_pandas import SnowflakePandasIOManager


class JsonIOManager(ConfigurableIOManager):
    """Writes each asset as <key>.json in a directory."""

    directory: str = "/tmp"

    def _path(self, key_path) -> str:
        return os.path.join(os.environ.get("D2M_OUTPUT_DIR", self.directory), "_".join(key_path) + ".json")

    def handle_output(self, context: OutputContext, obj) -> None:
        path = self._path(context.asset_key.path)
        with open(path, "w") as f:
            json.dump(obj, f)
        context.log.info("wrote %s", path)
        context.add_output_metadata({"path": path})

    def load_input(self, context: InputContext):
        with open(self._path(context.asset_key.path)) as f:
            return json.load(f)


@asset(io_manager_key="json_io")
def city_counts() -> dict:
    return {"paris": 2, "rome": 1}


@asset(io_manager_key="snowflake_io", key_prefix=["analytics"])
def orders_frame() -> pd.DataFrame:
    return pd.DataFrame({"id": [1, 2], "amount": [3.5, 4.0]})


@asset(io_manager_key="bigquery_io")
def visits_frame() -> pd.DataFrame:
    return pd.DataFrame({"day": ["2024-01-01"], "visits": [10]})


defs = Definitions(
    assets=[city_counts, orders_frame, visits_frame],
    resources={
        "json_io": JsonIOManager(directory="/tmp/json_out"),
        "snowflake_io": SnowflakePandasIOManager(
            account=EnvVar("SNOWFLAKE_ACCOUNT"),
            user=EnvVar("SNOWFLAKE_USER"),
            password=EnvVar("SNOWFLAKE_PASSWORD"),
            database="SHOP",
            warehouse="COMPUTE_WH",
        ),
        "bigquery_io": BigQueryPandasIOManager(project="my-project", dataset="web", location="EU"),
    },
)
