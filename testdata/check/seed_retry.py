# Seed guide, advanced features: retries and error handling.
from dagster import op, Backoff, RetryPolicy


@op(
    retry_policy=RetryPolicy(
        max_retries=3,
        delay=30,
        backoff=Backoff.EXPONENTIAL,
    )
)
def flaky_operation():
    # May fail and retry
    pass
