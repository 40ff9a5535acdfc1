"""ConfigurableIOManagerFactory classes: one whose create_io_manager returns a project IO manager
class (both copied), one that reads its InitResourceContext (not static)."""
import json
import os

from dagster import ConfigurableIOManagerFactory, Definitions, InitResourceContext, IOManager, asset


class JsonStore(IOManager):
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


class JsonStoreFactory(ConfigurableIOManagerFactory):
    root: str = "/tmp/d2m_json"

    def create_io_manager(self, context) -> JsonStore:
        return JsonStore(self.root)


class ScopedJsonStoreFactory(ConfigurableIOManagerFactory):
    def create_io_manager(self, context: InitResourceContext) -> JsonStore:
        return JsonStore(context.resources.paths.root)


@asset(io_manager_key="json_io")
def totals() -> dict:
    return {"a": 1}


@asset(io_manager_key="scoped_io")
def scoped_totals(totals) -> dict:
    return {k: v * 2 for k, v in totals.items()}


factory_defs = Definitions(
    assets=[totals, scoped_totals],
    resources={"json_io": JsonStoreFactory(root="/tmp/d2m_json_store"), "scoped_io": ScopedJsonStoreFactory()},
)
