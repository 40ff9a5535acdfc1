"""Text helpers of the ETL: a plain project module (dagster2mage copies it into the Mage project's
utils/ and rewrites the imports of the blocks that use it)."""
from dagster import get_dagster_logger

logger = get_dagster_logger()


def squash_spaces(text: str) -> str:
    """Trim a string and collapse runs of whitespace into one space."""
    logger.debug("squashing %r", text)
    return " ".join(text.split())
