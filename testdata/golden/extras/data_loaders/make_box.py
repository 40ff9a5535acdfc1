# Migrated by dagster2mage from pkg/typed.py:12 (@op make_box).
from extras.utils.pkg.shapes import Box

if 'data_loader' not in globals():
    from mage_ai.data_preparation.decorators import data_loader


@data_loader
def make_box(*args, **kwargs) -> Box:
    return Box(2)
