# Migrated by dagster2mage from etl_ops.py:112 (@op clean_text).
from ops_etl.utils.text_utils import squash_spaces

if 'transformer' not in globals():
    from mage_ai.data_preparation.decorators import transformer


@transformer
def clean_text(rows: list, *args, **kwargs):
    """Trim (and title-case) every person's name."""
    op_config = {"title_case": kwargs.get("title_case", True)}
    out = []
    for row in rows:
        name = squash_spaces(row["name"])
        if op_config["title_case"]:
            name = name.title()
        out.append(dict(row, name=name))
    return [out]
