# Migrated by dagster2mage from etl_ops.py:109 (@op clean_text).

if 'transformer' not in globals():
    from mage_ai.data_preparation.decorators import transformer


@transformer
def clean_text(rows: list, *args, **kwargs):
    """Trim (and title-case) every person's name."""
    op_config = {"title_case": kwargs.get("title_case", True)}
    out = []
    for row in rows:
        name = " ".join(row["name"].split())
        if op_config["title_case"]:
            name = name.title()
        out.append(dict(row, name=name))
    return [out]
