import json
from pathlib import Path

from dagster import asset

from helpers.text import shout
from .local_utils import double
from .sub.ops import exclaim
from .creds_reader import *

CREDS_DIR = Path(__file__).parent / "credentials"
with open(CREDS_DIR / "token.json") as f:
    TOKEN = json.load(f)["token"]
HEADERS = {"Authorization": TOKEN}
GREETING = "hi"


def auth_header(headers=HEADERS):
    return headers["Authorization"]


@asset
def greeting() -> str:
    return exclaim(shout(GREETING)) + str(double(2)) + API_URL + auth_header()
