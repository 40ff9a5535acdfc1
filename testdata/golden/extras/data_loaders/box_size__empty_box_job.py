# Migrated by dagster2mage from pkg/typed.py:17 (@op box_size).
from extras.utils.pkg.shapes import Box


class Failure(Exception):
    """Stands in for dagster.Failure: raising it fails the Mage block."""

    def __init__(self, description=None, metadata=None, allow_retries=None):
        super().__init__(description)
        self.description = description
        self.metadata = metadata


def check_size(box: Box) -> None:
    if box.size < 0:
        raise Failure(f"a box cannot have size {box.size}")


if 'data_loader' not in globals():
    from mage_ai.data_preparation.decorators import data_loader


@data_loader
def box_size(*args, **kwargs) -> None:
    box = None  # not wired in the job: its default
    if box is not None:
        check_size(box)
    print(box.size if box else 0)
