"""Partition helpers migrated by dagster2mage.

Mage has no partitions. A block computes its partition from the trigger run that started it:
for a time partition, the last partition window that ended at or before the trigger's tick
(what Dagster's schedule for a partitioned job targets). To run one partition by hand, pass it
as a variable:

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


def _floor(moment, cadence, minute_offset, hour_offset, day_offset):
    """The last partition boundary at or before moment."""
    base = moment.replace(second=0, microsecond=0, minute=minute_offset)
    if cadence == 'hourly':
        edge = base
    else:
        edge = base.replace(hour=hour_offset)
        if cadence == 'weekly':
            sunday_based = (edge.weekday() + 1) % 7  # Dagster: 0 is Sunday
            edge -= timedelta(days=(sunday_based - day_offset) % 7)
        elif cadence == 'monthly':
            edge = edge.replace(day=min(day_offset or 1, calendar.monthrange(edge.year, edge.month)[1]))
    if edge > moment:
        edge = _shift(edge, cadence, -1)
    return edge


def _utc(moment):
    # Mage hands out naive datetimes that mean UTC.
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment


def current_time_window(kwargs, cadence, fmt, tz=None, minute_offset=0, hour_offset=0, day_offset=None):
    """The partition window of this run: from the partition_key variable, else the last window
    that ended at or before the trigger's tick (execution_date). A Mage backfill run (its
    trigger is named 'Backfill ...') instead covers [execution_date, next period), so there
    the window starts at the tick."""
    if day_offset is None:
        day_offset = 1 if cadence == 'monthly' else 0
    key = kwargs.get('partition_key')
    if key:
        if not fmt:
            raise ValueError('partition %r has no time window' % key)
        start = datetime.strptime(str(key), fmt)
        return TimeWindow(start, _shift(start, cadence, 1))
    tick = kwargs.get('execution_date')
    if tick is None:
        raise ValueError('no partition: run from a trigger, or pass the partition_key variable')
    tick = _utc(tick)
    if tz:
        from zoneinfo import ZoneInfo

        tick = tick.astimezone(ZoneInfo(tz))
    if cadence.startswith('cron:'):
        previous = kwargs.get('interval_start_datetime_previous')
        start = _utc(previous) if previous is not None else tick
        return TimeWindow(start, tick)
    end = _floor(tick, cadence, minute_offset, hour_offset, day_offset)
    if str(kwargs.get('trigger_name') or '').startswith('Backfill '):
        return TimeWindow(end, _shift(end, cadence, 1))
    return TimeWindow(_shift(end, cadence, -1), end)


def scheduled_time(kwargs, tz=None):
    """The tick of this trigger run as a timezone-aware datetime (Dagster's
    context.scheduled_execution_time), in the schedule's time zone."""
    tick = _utc(kwargs['execution_date'])
    if tz:
        from zoneinfo import ZoneInfo

        tick = tick.astimezone(ZoneInfo(tz))
    return tick


def current_partition_key(kwargs, cadence, fmt, tz=None, minute_offset=0, hour_offset=0, day_offset=None):
    """The partition key of this run (Dagster's context.partition_key)."""
    key = kwargs.get('partition_key')
    if key:
        return str(key)
    if cadence == 'static':
        raise ValueError('set the partition_key pipeline variable to the partition to run')
    return current_time_window(kwargs, cadence, fmt, tz, minute_offset, hour_offset, day_offset).start.strftime(fmt)
