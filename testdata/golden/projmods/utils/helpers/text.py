# Copied by dagster2mage from helpers/text.py: imports of the Dagster project read projmods.utils.
# TODO(dagster2mage): DM101 Dagster names read from projmods.utils.dagster_compat (stand-ins, Mage does not install Dagster): AutomationCondition, Backoff, ExperimentalWarning, List, RetryPolicy, get_dagster_logger.
import warnings

from projmods.utils.dagster_compat import AutomationCondition, Backoff, ExperimentalWarning, List, RetryPolicy, get_dagster_logger

warnings.filterwarnings("ignore", category=ExperimentalWarning)
policy = RetryPolicy(max_retries=2, backoff=Backoff.EXPONENTIAL)
log = get_dagster_logger()
Names = List[str]
eager = AutomationCondition.eager().replace("any_deps_updated", AutomationCondition.code_version_changed()) & ~AutomationCondition.in_progress()


def shout(s):
    log.info("shouting %s", s)
    return s.upper()
