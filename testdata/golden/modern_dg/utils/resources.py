"""Resources migrated by dagster2mage: each Dagster resource becomes a plain class built
from io_config.yaml by a <key>_resource() function that blocks call."""
import os
import pandas as pd
import json


def io_config(profile='default'):
    """Reads one profile of the project's io_config.yaml, rendering {{ env_var('X') }} like Mage."""
    import jinja2
    import yaml

    path = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'io_config.yaml')
    with open(path, encoding='utf-8') as f:
        text = jinja2.Template(f.read()).render(env_var=lambda name, default=None: os.getenv(name, default))
    values = (yaml.safe_load(text) or {}).get(profile) or {}
    return {k: (None if v == 'None' else v) for k, v in values.items()}


class ReportSink:
    """Where reports are written.

    Was a Dagster ConfigurableResource; now a plain class built by a <key>_resource() function."""

    def __init__(self, directory="output", **kwargs):
        self.directory = directory

    def write_csv(self, name: str, df: pd.DataFrame) -> str:
        os.makedirs(self.directory, exist_ok=True)
        path = os.path.join(self.directory, name)
        df.to_csv(path, index=False)
        return path


class StationStore:
    """The folder the weather stations upload to.

    Was a Dagster ConfigurableResource; now a plain class built by a <key>_resource() function."""

    def __init__(self, root=None, **kwargs):
        self.root = root

    def read_json(self, name: str) -> list:
        with open(os.path.join(self.root, name)) as f:
            return json.load(f)

    def read_readings(self) -> pd.DataFrame:
        return pd.read_csv(os.path.join(self.root, "readings.csv"), parse_dates=["ts"])


def sink_resource():
    """The "sink" resource, bound in src/weather/definitions.py (Dagster). Values come from io_config.yaml."""
    config = io_config()
    return ReportSink(directory=config.get("SINK_DIRECTORY"))


def store_resource():
    """The "store" resource, bound in src/weather/definitions.py (Dagster). Values come from io_config.yaml."""
    config = io_config()
    return StationStore(root=config.get("STORE_ROOT"))
