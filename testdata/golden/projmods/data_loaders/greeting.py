# Migrated by dagster2mage from pipeline/assets.py:22 (@asset greeting).
import json
from pathlib import Path
from projmods.utils.helpers.text import shout
from projmods.utils.pipeline.local_utils import double
import importlib
import os


# TODO(dagster2mage): DM101 Mage does not set __file__ when it runs a block; BLOCK_FILE names this block's file instead, so paths next to the Dagster module must be moved.
BLOCK_FILE = os.path.join(os.environ.get('MAGE_REPO_PATH', '.'), 'data_loaders/greeting.py')


# From pipeline/sub/ops.py (it holds Dagster definitions, so it is not copied into utils/).
SUFFIX = "!"


def exclaim(s):
    return s + SUFFIX


CREDS_DIR = Path(BLOCK_FILE).parent / "credentials"


GREETING = "hi"


def _dagster_module_setup():
    """Module-level code of pipeline/assets.py that cannot run when Mage loads this file (it reads
    files, or needs names bound only when the block runs): the block function calls it first."""
    global HEADERS, TOKEN, auth_header, f
    _star = importlib.import_module('projmods.utils.pipeline.creds_reader')
    globals().update({k: v for k, v in vars(_star).items() if k in getattr(_star, '__all__', ()) or not hasattr(_star, '__all__') and not k.startswith('_')})
    with open(CREDS_DIR / "token.json") as f:
        TOKEN = json.load(f)["token"]
    HEADERS = {"Authorization": TOKEN}
    def auth_header(headers=HEADERS):
        return headers["Authorization"]


if 'data_loader' not in globals():
    from mage_ai.data_preparation.decorators import data_loader


@data_loader
def greeting(*args, **kwargs) -> str:
    _dagster_module_setup()
    return exclaim(shout(GREETING)) + str(double(2)) + API_URL + auth_header()
