import json

import helpers.text
from dagster import HookContext, failure_hook, job, op

from ..local_utils import double

SUFFIX = "!"


def exclaim(s):
    return s + SUFFIX


@op
def twice():
    return double(len(helpers.text.shout(json.dumps("ab"))))


def describe(context: HookContext) -> str:
    return f"{context.op.name} failed"


@failure_hook
def report_failure(context: HookContext):
    print(describe(context))


@job(hooks={report_failure})
def twice_job():
    twice()
