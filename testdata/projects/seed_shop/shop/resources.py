import os

import pandas as pd
from dagster import ConfigurableResource
from pydantic import Field


class ShopFiles(ConfigurableResource):
    """Where the shop's exported tables live (a folder of CSV files)."""

    data_dir: str
    encoding: str = Field(default="utf-8")

    def read_csv(self, name: str) -> pd.DataFrame:
        return pd.read_csv(os.path.join(self.data_dir, name), encoding=self.encoding)

    def list_incoming(self) -> list:
        incoming = os.path.join(self.data_dir, "incoming")
        if not os.path.isdir(incoming):
            return []
        return sorted(f for f in os.listdir(incoming) if f.endswith(".csv"))
