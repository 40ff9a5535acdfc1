# Copied by dagster2mage from helpers/text.py: imports of the Dagster project read projmods.utils.
# TODO(dagster2mage): DM101 Dagster names read from projmods.utils.dagster_compat (stand-ins, Mage does not install Dagster): Backoff, ExperimentalWarning, List, RetryPolicy, get_dagster_logger.
import warnings

from projmods.utils.dagster_compat import Backoff, ExperimentalWarning, List, RetryPolicy, get_dagster_logger

warnings.filterwarnings("ignore", category=ExperimentalWarning)
policy = RetryPolicy(max_retries=2, backoff=Backoff.EXPONENTIAL)
log = get_dagster_logger()
Names = List[str]


def shout(s):
    log.info("shouting %s", s)
    return s.upper()
