"""A ConfigurableIOManagerFactory whose create_io_manager builds a plain IOManager class."""
import json
import os

from dagster import ConfigurableIOManagerFactory, IOManager


class JsonStore(IOManager):
    """Each asset as <root>/<name>.json."""

    def __init__(self, root):
        self.root = root

    def _file(self, context):
        return os.path.join(self.root, context.asset_key.path[-1] + ".json")

    def handle_output(self, context, obj):
        with open(self._file(context), "w") as f:
            json.dump(obj, f, sort_keys=True)

    def load_input(self, context):
        with open(self._file(context)) as f:
            return json.load(f)


class JsonStoreFactory(ConfigurableIOManagerFactory):
    root: str

    def create_io_manager(self, context) -> JsonStore:
        return JsonStore(self.root)
