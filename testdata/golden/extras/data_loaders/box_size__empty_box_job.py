# Migrated by dagster2mage from pkg/typed.py:12 (@op box_size).

if 'data_loader' not in globals():
    from mage_ai.data_preparation.decorators import data_loader


@data_loader
def box_size(*args, **kwargs) -> None:
    box = None  # not wired in the job: its default
    print(box.size if box else 0)
