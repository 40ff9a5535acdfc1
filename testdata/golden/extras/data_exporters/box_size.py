# Migrated by dagster2mage from pkg/typed.py:12 (@op box_size).
from __future__ import annotations
# TODO(dagster2mage): DM101 copy this module into utils/ and import it from extras.utils
# from .shapes import Box

if 'data_exporter' not in globals():
    from mage_ai.data_preparation.decorators import data_exporter


@data_exporter
def box_size(box: Box, *args, **kwargs) -> None:
    print(box.size if box else 0)
