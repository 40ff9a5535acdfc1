"""An op output stored by a custom IO manager: op blocks get no exporter block (manual note)."""
from dagster import Out, job, op

from .definitions import csv_io_manager


@op(out=Out(io_manager_key="csv_io"))
def make_rows():
    return [["a", "b"]]


@op
def count_rows(rows):
    return len(rows)


@job(resource_defs={"csv_io": csv_io_manager.configured({"delimiter": ";"})})
def rows_job():
    count_rows(make_rows())
