# Migrated by dagster2mage from etl_ops.py:106 (@op read_people).
import csv
import os


def data_path(name):
    return os.path.join(os.environ.get("ETL_DATA_DIR", "data"), name)


if 'data_loader' not in globals():
    from mage_ai.data_preparation.decorators import data_loader


@data_loader
def read_people(*args, **kwargs):
    op_config = {"source_file": kwargs.get("read_people__source_file", "people.csv")}
    with open(data_path(op_config["source_file"]), newline="") as f:
        return [list(csv.DictReader(f))]
