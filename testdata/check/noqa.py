from dagster import asset, op


@asset  # noqa: DM101
def silenced_asset():
    return 1


@op  # noqa
def silenced_op():
    return 1


@asset  # noqa: DM201
def not_silenced():
    return 1
