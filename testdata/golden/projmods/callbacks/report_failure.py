# Migrated by dagster2mage from pipeline/sub/ops.py:24 (@failure_hook report_failure).
# Mage runs callbacks in trigger runs only (not in a plain `mage run`).
from __future__ import annotations


def describe(context: HookContext) -> str:
    return f"{context.op.name} failed"


if 'callback' not in globals():
    from mage_ai.data_preparation.decorators import callback


@callback("failure")
def report_failure(parent_output, **kwargs):
    # TODO(dagster2mage): DM901 the Dagster context object is passed on here; Mage has no context object (runtime values are in kwargs)
    print(describe(context))
