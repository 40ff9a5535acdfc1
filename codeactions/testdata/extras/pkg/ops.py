"""Op aliases: the alias next to its op becomes a replicated block."""
from dagster import job, op


@op
def numbers() -> list:
    return [1, 2, 3]


@op
def double(xs: list) -> list:
    return [x * 2 for x in xs]


@op
def total(a: list, b: list) -> None:
    print(sum(a) + sum(b))


@job
def twice_job():
    d = double(numbers())
    dd = double.alias("double_again")(d)
    total(d, dd)


@job
def alias_only_job():
    total(double.alias("double_alone")(numbers()), numbers())
