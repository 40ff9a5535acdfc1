"""Resources migrated by dagster2mage: each Dagster resource becomes a plain class built
from io_config.yaml by a <key>_resource() function that blocks call."""
import os
import pandas as pd


def io_config(profile='default'):
    """Reads one profile of the project's io_config.yaml, rendering {{ env_var('X') }} like Mage."""
    import jinja2
    import yaml

    path = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'io_config.yaml')
    with open(path, encoding='utf-8') as f:
        text = jinja2.Template(f.read()).render(env_var=lambda name, default=None: os.getenv(name, default))
    values = (yaml.safe_load(text) or {}).get(profile) or {}
    return {k: (None if v == 'None' else v) for k, v in values.items()}


class ShopFiles:
    """Where the shop's exported tables live (a folder of CSV files).

    Was a Dagster ConfigurableResource; now a plain class built by a <key>_resource() function."""

    def __init__(self, data_dir=None, encoding="utf-8", **kwargs):
        self.data_dir = data_dir
        self.encoding = encoding

    def read_csv(self, name: str) -> pd.DataFrame:
        return pd.read_csv(os.path.join(self.data_dir, name), encoding=self.encoding)

    def list_incoming(self) -> list:
        incoming = os.path.join(self.data_dir, "incoming")
        if not os.path.isdir(incoming):
            return []
        return sorted(f for f in os.listdir(incoming) if f.endswith(".csv"))


def files_resource():
    """The "files" resource, bound in shop/definitions.py (Dagster). Values come from io_config.yaml."""
    config = io_config()
    return ShopFiles(data_dir=config.get("FILES_DATA_DIR"))
