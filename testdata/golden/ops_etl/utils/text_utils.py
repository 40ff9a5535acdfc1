# Copied by dagster2mage from text_utils.py: imports of the Dagster project read ops_etl.utils.
# TODO(dagster2mage): DM101 Dagster names read from ops_etl.utils.dagster_compat (stand-ins, Mage does not install Dagster): get_dagster_logger.
"""Text helpers of the ETL: a plain project module (dagster2mage copies it into the Mage project's
utils/ and rewrites the imports of the blocks that use it)."""
from ops_etl.utils.dagster_compat import get_dagster_logger

logger = get_dagster_logger()


def squash_spaces(text: str) -> str:
    """Trim a string and collapse runs of whitespace into one space."""
    logger.debug("squashing %r", text)
    return " ".join(text.split())
