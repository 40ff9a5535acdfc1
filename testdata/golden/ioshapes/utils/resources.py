"""Resources migrated by dagster2mage: each Dagster resource becomes a plain class built
from io_config.yaml by a <key>_resource() function that blocks call."""
from __future__ import annotations
import os
import csv
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


class CsvIOManager:
    """Writes each asset as rows of <key>.csv under a base directory, and reads them back.

    Was a Dagster IOManager; now a plain class built by a <key>_resource() function."""

    def __init__(self, base_dir, delimiter=","):
        self.base_dir = base_dir
        self.delimiter = delimiter

    def _path(self, context):
        return os.path.join(self.base_dir, "_".join(context.asset_key.path) + ".csv")

    def handle_output(self, context: OutputContext, obj):
        os.makedirs(self.base_dir, exist_ok=True)
        with open(self._path(context), "w", newline="") as f:
            csv.writer(f, delimiter=self.delimiter).writerows(obj)

    def load_input(self, context: InputContext):
        with open(self._path(context), newline="") as f:
            return [row for row in csv.reader(f, delimiter=self.delimiter)]


class JsonStoreFactory:
    """Was a Dagster ConfigurableIOManagerFactory; now a plain class built by a <key>_resource() function."""

    def __init__(self, root="/tmp/d2m_json", **kwargs):
        self.root = root

    def create_io_manager(self, context) -> JsonStore:
        return JsonStore(self.root)


class JsonStore:
    """Was a Dagster IOManager; now a plain class built by a <key>_resource() function."""

    def __init__(self, root):
        self.root = root

    def _file(self, context):
        return os.path.join(self.root, context.asset_key.path[-1] + ".json")

    def handle_output(self, context, obj):
        with open(self._file(context), "w") as f:
            json.dump(obj, f)

    def load_input(self, context):
        with open(self._file(context)) as f:
            return json.load(f)


def archive_io_resource():
    """The "archive_io" resource, bound in pkg/definitions.py (Dagster). Values come from io_config.yaml."""
    config = io_config()
    return CsvIOManager(config.get("ARCHIVE_IO_BASE_DIR"), delimiter="|")


def archive_io_resource_config():
    """init_context.resource_config of IO manager "archive_io" in Dagster (handed to its context stand-ins)."""
    config = io_config()
    return {"base_dir": config.get("ARCHIVE_IO_BASE_DIR")}


def csv_io_resource():
    """The "csv_io" resource, bound in pkg/definitions.py (Dagster). Values come from io_config.yaml."""
    config = io_config()
    return CsvIOManager(config.get("CSV_IO_BASE_DIR"), delimiter=config.get("CSV_IO_DELIMITER"))


def csv_io_resource_config():
    """init_context.resource_config of IO manager "csv_io" in Dagster (handed to its context stand-ins)."""
    config = io_config()
    return {"base_dir": config.get("CSV_IO_BASE_DIR"), "delimiter": config.get("CSV_IO_DELIMITER")}


def json_io_resource():
    """The "json_io" resource, bound in pkg/factoryclass.py (Dagster). Values come from io_config.yaml."""
    config = io_config()
    return JsonStoreFactory(root=config.get("JSON_IO_ROOT")).create_io_manager(None)


def own_rows_io_manager_def_resource():
    """The "own_rows_io_manager_def" resource, bound in pkg/definitions.py (Dagster). Values come from io_config.yaml."""
    config = io_config()
    return CsvIOManager(config.get("OWN_ROWS_IO_MANAGER_DEF_BASE_DIR"), delimiter=config.get("OWN_ROWS_IO_MANAGER_DEF_DELIMITER"))


def own_rows_io_manager_def_resource_config():
    """init_context.resource_config of IO manager "own_rows_io_manager_def" in Dagster (handed to its context stand-ins)."""
    config = io_config()
    return {"base_dir": config.get("OWN_ROWS_IO_MANAGER_DEF_BASE_DIR"), "delimiter": config.get("OWN_ROWS_IO_MANAGER_DEF_DELIMITER")}
