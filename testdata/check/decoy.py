# A local decorator that merely shares Dagster's names: nothing here is Dagster.
import functools


def asset(fn=None, **kwargs):
    return fn


def op(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs)
    return wrapper


@asset
def not_an_asset():
    return 1


@op
def not_an_op():
    return 2


class Definitions:
    pass


defs = Definitions()
