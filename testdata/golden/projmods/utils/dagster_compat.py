"""Stand-ins for the Dagster names that project modules copied by dagster2mage import.

Mage does not install Dagster. Failure and RetryRequested are exceptions (raising them fails the
block, as in Dagster), every other *Error/*Exception name is an exception class, *Warning
names are warning classes, and
get_dagster_logger returns a logging logger. Any other name is an inert stand-in class: it
accepts any arguments and keeps keyword arguments as attributes, so module-level Dagster
configuration (RetryPolicy(...), Backoff.EXPONENTIAL, resource classes) still imports, while
calling a stand-in object raises NotImplementedError. Replace what the blocks really use.
"""
import logging


class Failure(Exception):
    """Stands in for dagster.Failure: raising it fails the Mage block."""

    def __init__(self, description=None, metadata=None, allow_retries=None):
        super().__init__(description)
        self.description = description
        self.metadata = metadata


class RetryRequested(Exception):
    """Stands in for dagster.RetryRequested: the block's retry_config decides about retries."""

    def __init__(self, max_retries=1, seconds_to_wait=None):
        super().__init__(f'retry requested (max_retries={max_retries})')


def get_dagster_logger(name=None):
    return logging.getLogger(name or 'dagster')


class _StandInType(type):
    def __getattr__(cls, name):
        if name.startswith('__'):
            raise AttributeError(name)
        return _stand_in(cls.__name__ + '.' + name)

    def __getitem__(cls, item):
        # Type expressions such as List[str] or Optional[int] in annotations.
        return cls


class _StandIn(metaclass=_StandInType):
    def __init__(self, *args, **kwargs):
        self.__dict__.update(kwargs)

    def __getattr__(self, name):
        # Builder chains (AutomationCondition.eager().replace(...)) stay inert.
        if name.startswith('__'):
            raise AttributeError(name)
        return _stand_in(type(self).__name__ + '.' + name)

    def __call__(self, *args, **kwargs):
        raise NotImplementedError(f'{type(self).__name__} is a Dagster name with no Mage equivalent')

    def __and__(self, other):
        return self

    __or__ = __rand__ = __ror__ = __and__

    def __invert__(self):
        return self


_made = {}


def _stand_in(name):
    if name not in _made:
        base = _StandIn
        if name.endswith('Warning'):
            base = Warning
        elif name.endswith(('Error', 'Exception')):
            base = Exception
        _made[name] = type(base)(name, (base,), {'__module__': __name__})
    return _made[name]


def __getattr__(name):
    if name.startswith('__'):
        raise AttributeError(name)
    return _stand_in(name)
