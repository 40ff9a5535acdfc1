# Migrated by dagster2mage from pkg/jobs.py:25 (@op split).

if 'data_loader' not in globals():
    from mage_ai.data_preparation.decorators import data_loader


@data_loader
def split(*args, **kwargs):
    numbers = None  # not wired in the job: its default
    numbers = numbers or [1, 2, 3, 4]
    return [n for n in numbers if n % 2 == 0], [n for n in numbers if n % 2]
