# Migrated by dagster2mage from pkg/jobs.py:31 (@op add).

if 'transformer' not in globals():
    from mage_ai.data_preparation.decorators import transformer


@transformer
def add(split, *args, **kwargs):
    offset = 0  # not wired in the job: its default
    a = split[0]  # output 'evens' of split
    b = split[1]  # output 'odds' of split
    return sum(a) + sum(b) + offset
