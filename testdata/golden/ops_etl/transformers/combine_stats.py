# Migrated by dagster2mage from etl_ops.py:69 (@op combine_stats).
import json
import os


def output_path(name):
    out_dir = os.environ.get("D2M_OUTPUT_DIR", "output")
    os.makedirs(out_dir, exist_ok=True)
    return os.path.join(out_dir, name)


if 'transformer' not in globals():
    from mage_ai.data_preparation.decorators import transformer


@transformer
def combine_stats(stats: list, *args, **kwargs):
    combined = sorted(stats, key=lambda s: s["code"])
    with open(output_path("region_stats.json"), "w") as f:
        json.dump(combined, f, indent=2, sort_keys=True)
    return [combined]
