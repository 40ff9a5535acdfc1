# Migrated by dagster2mage from pipeline/sub/ops.py:15 (@op twice).
import json
import projmods.utils.helpers.text
import projmods.utils.helpers as helpers
from projmods.utils.pipeline.local_utils import double

if 'data_loader' not in globals():
    from mage_ai.data_preparation.decorators import data_loader


@data_loader
def twice(*args, **kwargs):
    return double(len(helpers.text.shout(json.dumps("ab"))))
