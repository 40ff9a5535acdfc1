"""An op wired differently in two jobs, and annotations naming a class of a project module."""
from dagster import job, op

from .shapes import Box


@op
def make_box() -> Box:
    return Box(2)


@op
def box_size(box: Box = None) -> None:
    print(box.size if box else 0)


@job
def box_job():
    box_size(make_box())


@job
def empty_box_job():
    box_size()
