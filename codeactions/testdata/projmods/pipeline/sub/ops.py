import json

import helpers.text
from dagster import job, op

from ..local_utils import double


@op
def twice():
    return double(len(helpers.text.shout(json.dumps("ab"))))


@job
def twice_job():
    twice()
