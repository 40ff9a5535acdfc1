# Migrated by dagster2mage from pkg/assets.py:56 (@asset fetched).
import asyncio

if 'data_loader' not in globals():
    from mage_ai.data_preparation.decorators import data_loader


async def fetched_async(*args, **kwargs):
    await asyncio.sleep(0)
    pass  # Dagster AssetMaterialization event dropped: Mage has no event log
    return 1


@data_loader
def fetched(*args, **kwargs):
    return asyncio.run(fetched_async(*args, **kwargs))
