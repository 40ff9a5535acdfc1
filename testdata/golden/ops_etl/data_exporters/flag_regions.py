# Migrated by dagster2mage from etl_ops.py:82 (@op flag_regions).
import logging
from types import SimpleNamespace
import csv
import os


def output_path(name):
    out_dir = os.environ.get("D2M_OUTPUT_DIR", "output")
    os.makedirs(out_dir, exist_ok=True)
    return os.path.join(out_dir, name)


if 'data_exporter' not in globals():
    from mage_ai.data_preparation.decorators import data_exporter


@data_exporter
def flag_regions(stats: list, *args, **kwargs) -> None:
    config = SimpleNamespace(
        threshold=kwargs.get("threshold", 50.0),
        label=kwargs.get("label", "high"),
    )
    log = kwargs.get('logger') or logging.getLogger('flag_regions')
    flagged = [s for s in stats if s["mean"] is not None and s["mean"] > config.threshold]
    with open(output_path("flagged_regions.csv"), "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["code", "mean", "label"])
        for s in flagged:
            writer.writerow([s["code"], s["mean"], config.label])
    log.info(f"{len(flagged)} regions above {config.threshold}")
