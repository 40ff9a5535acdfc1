import json
import os

import dagster as dg
import pandas as pd


class StationStore(dg.ConfigurableResource):
    """The folder the weather stations upload to."""

    root: str

    def read_json(self, name: str) -> list:
        with open(os.path.join(self.root, name)) as f:
            return json.load(f)

    def read_readings(self) -> pd.DataFrame:
        return pd.read_csv(os.path.join(self.root, "readings.csv"), parse_dates=["ts"])


class ReportSink(dg.ConfigurableResource):
    """Where reports are written."""

    directory: str = "output"

    def write_csv(self, name: str, df: pd.DataFrame) -> str:
        os.makedirs(self.directory, exist_ok=True)
        path = os.path.join(self.directory, name)
        df.to_csv(path, index=False)
        return path
