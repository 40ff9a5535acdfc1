# Migrated by dagster2mage from pkg/definitions.py:48 (@asset pair_heads).

if 'transformer' not in globals():
    from mage_ai.data_preparation.decorators import transformer


@transformer
def pair_heads(pairs, *args, **kwargs):
    # TODO(dagster2mage): DM406 input pairs was loaded by input manager "archive_io" (AssetIn(input_manager_key=...)) in Dagster; here it is the upstream block's value: call that manager's load_input if it loads something else
    return [[p[0] for p in pairs]]
