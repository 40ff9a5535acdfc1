import dagster as dg

LABEL = "ÿþ café"


@dg.asset(description="été")
def latin1_asset():
    return LABEL
