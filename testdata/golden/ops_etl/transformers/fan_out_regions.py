# Migrated by dagster2mage from etl_ops.py:48 (@op fan_out_regions).

if 'transformer' not in globals():
    from mage_ai.data_preparation.decorators import transformer


@transformer
def fan_out_regions(regions: list, *args, **kwargs):
    dynamic_items, dynamic_metadata = [], []
    for region in regions:
        dynamic_items.append(region)
        dynamic_metadata.append({'block_uuid': region["code"]})
    return [dynamic_items, dynamic_metadata]
