import warnings

from dagster import Backoff, ExperimentalWarning, List, RetryPolicy, get_dagster_logger

warnings.filterwarnings("ignore", category=ExperimentalWarning)
policy = RetryPolicy(max_retries=2, backoff=Backoff.EXPONENTIAL)
log = get_dagster_logger()
Names = List[str]


def shout(s):
    log.info("shouting %s", s)
    return s.upper()
