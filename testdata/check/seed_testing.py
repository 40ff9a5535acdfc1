# Seed guide §5: testing.
from dagster import materialize, asset
import pytest  # noqa: F401


@asset
def my_asset():
    return [1, 2, 3]


def test_my_asset():
    result = materialize([my_asset])
    assert result.success
    materialization = result.asset_materializations_for_node("my_asset")[0]
    assert materialization is not None


def test_asset_output():
    output = my_asset()
    assert len(output) == 3
