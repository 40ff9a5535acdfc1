"""Regional measurements ETL, written with ops and graphs."""
import csv
import json
import os

from dagster import (
    Config,
    DynamicOut,
    DynamicOutput,
    Field,
    OpExecutionContext,
    RetryPolicy,
    get_dagster_logger,
    graph,
    job,
    op,
    resource,
)

from text_utils import squash_spaces


def data_path(name):
    return os.path.join(os.environ.get("ETL_DATA_DIR", "data"), name)


def output_path(name):
    out_dir = os.environ.get("D2M_OUTPUT_DIR", "output")
    os.makedirs(out_dir, exist_ok=True)
    return os.path.join(out_dir, name)


@op(
    config_schema={
        "source_file": Field(str, default_value="regions.csv"),
        "min_population": Field(int, default_value=10000),
    }
)
def list_regions(context: OpExecutionContext) -> list:
    """Regions big enough to report on."""
    min_population = context.op_config["min_population"]
    with open(data_path(context.op_config["source_file"]), newline="") as f:
        rows = [r for r in csv.DictReader(f) if int(r["population"]) >= min_population]
    context.log.info(f"{len(rows)} regions with at least {min_population} people")
    return sorted(rows, key=lambda r: r["code"])


@op(out=DynamicOut())
def fan_out_regions(regions: list):
    for region in regions:
        yield DynamicOutput(region, mapping_key=region["code"])


@op
def region_stats(region: dict) -> dict:
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


@op
def combine_stats(stats: list) -> list:
    combined = sorted(stats, key=lambda s: s["code"])
    with open(output_path("region_stats.json"), "w") as f:
        json.dump(combined, f, indent=2, sort_keys=True)
    return combined


class FlagConfig(Config):
    threshold: float = 50.0
    label: str = "high"


@op
def flag_regions(config: FlagConfig, stats: list) -> None:
    log = get_dagster_logger()
    flagged = [s for s in stats if s["mean"] is not None and s["mean"] > config.threshold]
    with open(output_path("flagged_regions.csv"), "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["code", "mean", "label"])
        for s in flagged:
            writer.writerow([s["code"], s["mean"], config.label])
    log.info(f"{len(flagged)} regions above {config.threshold}")


@graph
def region_graph():
    regions = list_regions()
    stats = fan_out_regions(regions).map(region_stats)
    return combine_stats(stats.collect())


@job(op_retry_policy=RetryPolicy(max_retries=2, delay=1))
def regions_job():
    flag_regions(region_graph())


@op(config_schema={"source_file": Field(str, default_value="people.csv")})
def read_people(context) -> list:
    with open(data_path(context.op_config["source_file"]), newline="") as f:
        return list(csv.DictReader(f))


@op(config_schema={"title_case": Field(bool, default_value=True)})
def clean_text(context, rows: list) -> list:
    """Trim (and title-case) every person's name."""
    out = []
    for row in rows:
        name = squash_spaces(row["name"])
        if context.op_config["title_case"]:
            name = name.title()
        out.append(dict(row, name=name))
    return out


class NameFormatter:
    """How the people report shows a name."""

    def __init__(self, prefix, upper):
        self.prefix = prefix
        self.upper = upper

    def format(self, name):
        return self.prefix + (name.upper() if self.upper else name)


@resource(config_schema={"prefix": Field(str, default_value=""), "upper": Field(bool, default_value=False)})
def name_formatter(init_context):
    init_context.log.info("formatting names")
    return NameFormatter(init_context.resource_config["prefix"], init_context.resource_config["upper"])


@op(required_resource_keys={"formatter"})
def write_people(context, rows: list) -> None:
    with open(output_path("people.csv"), "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["id", "name", "city"])
        writer.writeheader()
        for row in sorted(rows, key=lambda r: int(r["id"])):
            writer.writerow(dict(row, name=context.resources.formatter.format(row["name"])))


@job(resource_defs={"formatter": name_formatter.configured({"prefix": "Dr. "})})
def people_job():
    clean_names = clean_text.alias("clean_names")
    write_people(clean_names(read_people()))
