"""An IOManager class built by @io_manager factories: rows of each asset live in <key>.csv."""
import csv
import os

from dagster import InputContext, IOManager, OutputContext


class CsvIOManager(IOManager):
    """Writes each asset as rows of <key>.csv under a base directory, and reads them back."""

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
