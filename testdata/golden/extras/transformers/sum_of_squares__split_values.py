# Migrated by dagster2mage from pkg/graphs.py:47 (@op split_values).

if 'transformer' not in globals():
    from mage_ai.data_preparation.decorators import transformer


@transformer
def split_values(values: list, *args, **kwargs):
    dynamic_items, dynamic_metadata = [], []
    for i, v in enumerate(values):
        dynamic_items.append(v)
        dynamic_metadata.append({'block_uuid': str(i)})
    return [dynamic_items, dynamic_metadata]
