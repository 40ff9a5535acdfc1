from dagster import Backoff, RetryPolicy, get_dagster_logger

policy = RetryPolicy(max_retries=2, backoff=Backoff.EXPONENTIAL)
log = get_dagster_logger()


def shout(s):
    log.info("shouting %s", s)
    return s.upper()
