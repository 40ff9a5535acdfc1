# Migrated by dagster2mage from etl_ops.py:33 (@op list_regions).
import logging
import csv
import os


def data_path(name):
    return os.path.join(os.environ.get("ETL_DATA_DIR", "data"), name)


if 'data_loader' not in globals():
    from mage_ai.data_preparation.decorators import data_loader


@data_loader
def list_regions(*args, **kwargs):
    """Regions big enough to report on."""
    logger = kwargs.get('logger') or logging.getLogger('list_regions')
    op_config = {
        "source_file": kwargs.get("list_regions__source_file", "regions.csv"),
        "min_population": kwargs.get("min_population", 10000),
    }
    min_population = op_config["min_population"]
    with open(data_path(op_config["source_file"]), newline="") as f:
        rows = [r for r in csv.DictReader(f) if int(r["population"]) >= min_population]
    logger.info(f"{len(rows)} regions with at least {min_population} people")
    return [sorted(rows, key=lambda r: r["code"])]
