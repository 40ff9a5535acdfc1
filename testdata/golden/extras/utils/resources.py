"""Resources migrated by dagster2mage: each Dagster resource becomes a plain class built
from io_config.yaml by a <key>_resource() function that blocks call."""
from __future__ import annotations
import os
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


class JsonIOManager:
    """Writes each asset as <key>.json in a directory.

    Was a Dagster ConfigurableIOManager; now a plain class built by a <key>_resource() function."""

    def __init__(self, directory="/tmp", **kwargs):
        self.directory = directory

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


def json_io_resource():
    """The "json_io" resource, bound in pkg/iomanagers.py (Dagster). Values come from io_config.yaml."""
    config = io_config()
    return JsonIOManager(directory=config.get("JSON_IO_DIRECTORY"))
