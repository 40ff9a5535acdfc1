"""Partition helpers migrated by dagster2mage.

Mage has no partitions. A block computes its partition from the trigger run that started it:
for a time partition, the window that ended at the trigger's tick (Dagster's default for a
schedule built from a partitioned job). To run one partition by hand, pass it as a variable:

    mage run <project> <pipeline> --runtime-vars '{"partition_key": "2024-01-01"}'
"""
import calendar
from collections import namedtuple
from datetime import datetime, timedelta, timezone

TimeWindow = namedtuple('TimeWindow', ['start', 'end'])


def _shift(moment, cadence, n):
    if cadence == 'hourly':
        return moment + timedelta(hours=n)
    if cadence == 'daily':
        return moment + timedelta(days=n)
    if cadence == 'weekly':
        return moment + timedelta(weeks=n)
    if cadence == 'monthly':
        month = moment.month - 1 + n
        year = moment.year + month // 12
        month = month % 12 + 1
        day = min(moment.day, calendar.monthrange(year, month)[1])
        return moment.replace(year=year, month=month, day=day)
    raise ValueError('cannot step a %s partition; pass the partition_key variable' % cadence)


def _utc(moment):
    # Mage hands out naive datetimes that mean UTC.
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment


def current_time_window(kwargs, cadence, fmt, tz=None):
    """The partition window of this run: from the partition_key variable, else the window that
    ended at the trigger's tick (execution_date)."""
    key = kwargs.get('partition_key')
    if key:
        if not fmt:
            raise ValueError('partition %r has no time window' % key)
        start = datetime.strptime(str(key), fmt)
        return TimeWindow(start, _shift(start, cadence, 1))
    end = kwargs.get('execution_date')
    if end is None:
        raise ValueError('no partition: run from a trigger, or pass the partition_key variable')
    end = _utc(end)
    previous = kwargs.get('interval_start_datetime_previous')
    start = _utc(previous) if previous is not None else _shift(end, cadence, -1)
    if tz:
        from zoneinfo import ZoneInfo

        start, end = start.astimezone(ZoneInfo(tz)), end.astimezone(ZoneInfo(tz))
    return TimeWindow(start, end)


def current_partition_key(kwargs, cadence, fmt, tz=None):
    """The partition key of this run (Dagster's context.partition_key)."""
    key = kwargs.get('partition_key')
    if key:
        return str(key)
    if cadence == 'static':
        raise ValueError('set the partition_key pipeline variable to the partition to run')
    return current_time_window(kwargs, cadence, fmt, tz).start.strftime(fmt)
