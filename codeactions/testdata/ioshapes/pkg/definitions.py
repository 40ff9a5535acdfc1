"""IO manager shapes around @io_manager factories: a static factory with config defaults, one
that cannot be read statically, IOManagerDefinition(resource_fn=...), io_manager_def=..., and an input read
with AssetIn(input_manager_key=...)."""
import dagster as dg
from dagster import AssetIn, Definitions, Field, IOManagerDefinition, SourceAsset, asset, io_manager

from .csvstore import CsvIOManager


@io_manager(config_schema={"base_dir": Field(str, default_value="/tmp/d2m_csv_store"), "delimiter": str})
def csv_io_manager(init_context):
    return CsvIOManager(
        init_context.resource_config["base_dir"],
        delimiter=init_context.resource_config.get("delimiter", ","),
    )


@dg.io_manager(config_schema={"root": str})
def picked_io_manager(init_context):
    cls = CsvIOManager if init_context.resource_config["root"] else None
    return cls(init_context.resource_config["root"])


def archive_manager(init_context):
    return CsvIOManager(init_context.resource_config["base_dir"], delimiter="|")


# Rows written outside Dagster: only the IO manager's load_input can read them.
raw_rows = SourceAsset(key="raw_rows", io_manager_key="csv_io")


@asset(io_manager_key="csv_io")
def row_pairs(raw_rows) -> list:
    return [[r[0], r[-1]] for r in raw_rows]


@asset(io_manager_key="csv_io")
def pair_count(row_pairs) -> list:
    # Reads row_pairs through csv_io's load_input in Dagster; Mage passes the block output.
    return [[str(len(row_pairs))]]


@asset(io_manager_key="picked_io")
def odd_rows() -> list:
    return [["x"]]


@asset(ins={"pairs": AssetIn("row_pairs", input_manager_key="archive_io")}, io_manager_key="archive_io")
def pair_heads(pairs) -> list:
    return [p[0] for p in pairs]


@asset(io_manager_def=csv_io_manager)
def own_rows() -> list:
    # An IO manager of its own, without a resource key: config from the schema's defaults.
    return [["y"]]


defs = Definitions(
    assets=[raw_rows, row_pairs, pair_count, odd_rows, pair_heads, own_rows],
    resources={
        "csv_io": csv_io_manager.configured({"delimiter": ";"}),
        "picked_io": picked_io_manager,
        "archive_io": IOManagerDefinition(
            resource_fn=archive_manager,
            config_schema={"base_dir": Field(str, default_value="/tmp/d2m_archive")},
        ),
    },
)
