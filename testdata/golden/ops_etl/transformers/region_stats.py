# Migrated by dagster2mage from etl_ops.py:54 (@op region_stats).
import csv
import os


def data_path(name):
    return os.path.join(os.environ.get("ETL_DATA_DIR", "data"), name)


if 'transformer' not in globals():
    from mage_ai.data_preparation.decorators import transformer


@transformer
def region_stats(region: dict, *args, **kwargs) -> dict:
    """Count, total and mean of one region's measurements."""
    with open(data_path("measurements.csv"), newline="") as f:
        values = [float(r["value"]) for r in csv.DictReader(f) if r["region"] == region["code"]]
    total = sum(values)
    return {
        "code": region["code"],
        "name": region["name"],
        "count": len(values),
        "total": round(total, 3),
        "mean": round(total / len(values), 3) if values else None,
    }
