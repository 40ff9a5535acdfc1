# Migrated by dagster2mage from etl_ops.py:141 (@op write_people).
import csv
import os
from ops_etl.utils.resources import formatter_resource


def output_path(name):
    out_dir = os.environ.get("D2M_OUTPUT_DIR", "output")
    os.makedirs(out_dir, exist_ok=True)
    return os.path.join(out_dir, name)


if 'data_exporter' not in globals():
    from mage_ai.data_preparation.decorators import data_exporter


@data_exporter
def write_people(rows: list, *args, **kwargs) -> None:
    formatter = formatter_resource()
    with open(output_path("people.csv"), "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["id", "name", "city"])
        writer.writeheader()
        for row in sorted(rows, key=lambda r: int(r["id"])):
            writer.writerow(dict(row, name=formatter.format(row["name"])))
