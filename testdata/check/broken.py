import dagster as dg


@dg.asset
def before_break() -> int:
    return 1


@dg.asset(group_name="g"
def half_typed(before_break:
    return before_break +


@dg.op
def after_break():
    return 2


@dg.job
def after_job():
    after_break()
