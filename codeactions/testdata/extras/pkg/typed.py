"""An op wired differently in two jobs, and annotations naming a class of a project module."""
from dagster import Failure, job, op

from .shapes import Box


def check_size(box: Box) -> None:
    if box.size < 0:
        raise Failure(f"a box cannot have size {box.size}")


@op
def make_box() -> Box:
    return Box(2)


@op
def box_size(box: Box = None) -> None:
    if box is not None:
        check_size(box)
    print(box.size if box else 0)


@job
def box_job():
    box_size(make_box())


@job
def empty_box_job():
    box_size()
