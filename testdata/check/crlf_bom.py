import dagster as dg


@dg.asset
def crlf_asset():
    return 1


retry = dg.RetryPolicy(max_retries=2)  # noqa: DM999
