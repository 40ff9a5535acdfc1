"""IO managers built by @io_manager factory functions around one IOManager class: a source one
that only loads (its load_input reads rows nobody materializes) and one storing assets; and a
ConfigurableIOManagerFactory whose create_io_manager builds the IO manager."""
import dagster as dg
from dagster import AssetIn, Definitions, EnvVar, Field, SourceAsset, StringSource, asset, io_manager

from .csvstore import CsvIOManager
from .jsonstore import JsonStoreFactory


@io_manager(config_schema={"base_dir": StringSource, "delimiter": Field(str, default_value=",")})
def csv_io_manager(init_context):
    """Stores each asset as <base_dir>/<key>.csv."""
    return CsvIOManager(
        init_context.resource_config["base_dir"],
        delimiter=init_context.resource_config.get("delimiter", ","),
    )


@dg.io_manager(config_schema={"base_dir": StringSource})
def source_io_manager(init_context):
    return CsvIOManager(init_context.resource_config["base_dir"], delimiter=";")


# Rows written outside Dagster: only load_input of source_io reads them.
raw_rows = SourceAsset(key="raw_rows", io_manager_key="source_io")


@asset(io_manager_key="csv_io")
def row_pairs(raw_rows) -> list:
    return [[r[0], r[1]] for r in raw_rows]


@asset(io_manager_key="csv_io")
def pair_count(row_pairs) -> list:
    # Dagster reads row_pairs back with csv_io's load_input; Mage passes the block's value.
    return [["pairs", str(len(row_pairs))], ["first", row_pairs[0][0]]]


@asset(io_manager_key="json_io")
def city_visits(raw_rows) -> dict:
    # Stored by JsonStoreFactory's JsonStore (create_io_manager).
    return {r[1]: r[2] for r in raw_rows[1:]}


@asset(io_manager_key="csv_io")
def number_rows() -> list:
    return [[1, 2], [3, 4]]


@asset(ins={"rows": AssetIn("number_rows", input_manager_key="csv_io")}, io_manager_key="csv_io")
def number_types(rows) -> list:
    # csv_io's load_input reads the CSV back: strings, not the ints number_rows returned.
    return [[type(x).__name__ for x in row] for row in rows]


defs = Definitions(
    assets=[raw_rows, row_pairs, pair_count, city_visits, number_rows, number_types],
    resources={
        "csv_io": csv_io_manager.configured({"base_dir": {"env": "D2M_OUTPUT_DIR"}}),
        "source_io": source_io_manager.configured({"base_dir": {"env": "IO_SOURCE_DIR"}}),
        "json_io": JsonStoreFactory(root=EnvVar("D2M_OUTPUT_DIR")),
    },
)
