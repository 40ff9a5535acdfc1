"""Evaluate one Dagster schedule at a given tick and execute the run(s) it requests.

The dagster CLI cannot run "the schedule's tick at time T"; this does what the daemon does for
one tick: build the schedule context at T, evaluate the schedule (its RunRequests carry the
run_config or partition it computed from T) and execute each requested run in-process.

Usage (with the dagster virtual environment's python, from the fixture folder):
  dagster_tick.py (-m MODULE | -f FILE) [-d WORKDIR] --schedule NAME --at ISO8601

Exit 0 when every requested run succeeded (or the tick requested none: that is printed),
1 otherwise.
"""
import argparse
import importlib
import importlib.util
import os
import sys
import warnings
from datetime import datetime


def load_definitions(args):
    sys.path.insert(0, os.path.abspath(args.working_directory))
    if args.module:
        mod = importlib.import_module(args.module)
    else:
        path = os.path.abspath(args.file)
        sys.path.insert(0, os.path.dirname(path))
        spec = importlib.util.spec_from_file_location('d2m_target', path)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
    import dagster as dg
    from dagster._core.definitions.repository_definition import RepositoryDefinition
    for value in vars(mod).values():
        if isinstance(value, dg.Definitions):
            return value
        if type(value).__name__ == 'LazyDefinitions':  # @dg.definitions
            return value()
        if isinstance(value, RepositoryDefinition):  # @repository
            return value
    raise SystemExit(f'dagster_tick: no Definitions, @definitions or @repository in {mod.__name__}')


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    target = ap.add_mutually_exclusive_group(required=True)
    target.add_argument('-m', '--module')
    target.add_argument('-f', '--file')
    ap.add_argument('-d', '--working-directory', default='.')
    kind = ap.add_mutually_exclusive_group(required=True)
    kind.add_argument('--schedule')
    kind.add_argument('--sensor', help='evaluate this sensor once; print the jobs it requests')
    ap.add_argument('--after-job', action='append', default=[],
                    help='(sensors) run this job in the instance first, e.g. the producer an '
                         'asset sensor watches; repeatable')
    ap.add_argument('--at', help='the tick, ISO 8601 with an offset (schedules)')
    args = ap.parse_args(argv)
    warnings.simplefilter('ignore')

    import dagster as dg
    from dagster import DagsterInstance

    defs = load_definitions(args)
    if args.sensor:
        return evaluate_sensor(defs, args.sensor, args.after_job)
    if not args.at:
        raise SystemExit('dagster_tick: --schedule needs --at')
    at = datetime.fromisoformat(args.at)
    if at.tzinfo is None:
        raise SystemExit('dagster_tick: --at needs a UTC offset')
    if isinstance(defs, dg.Definitions):
        schedule = defs.get_schedule_def(args.schedule)
        get_job = defs.resolve_job_def
    else:
        schedule = defs.get_schedule_def(args.schedule)
        get_job = defs.get_job
    instance = DagsterInstance.ephemeral()
    with dg.build_schedule_context(instance=instance, scheduled_execution_time=at) as context:
        result = schedule.evaluate_tick(context)
    requests = result.run_requests or []
    if not requests:
        print(f'schedule {args.schedule} at {at.isoformat()}: no run requested '
              f'({result.skip_message or "no reason given"})')
        return 0
    job = get_job(schedule.job_name)
    ok = True
    for rr in requests:
        print(f'schedule {args.schedule} at {at.isoformat()}: run of {job.name} '
              f'partition={rr.partition_key} run_config={rr.run_config}')
        res = job.execute_in_process(
            run_config=rr.run_config or None,
            instance=instance,
            partition_key=rr.partition_key,
            tags=dict(rr.tags or {}),
            raise_on_error=False,
        )
        print(f'  success={res.success}')
        ok = ok and res.success
    return 0 if ok else 1


def evaluate_sensor(defs, name, after_jobs=()):
    """One sensor evaluation, as the daemon's tick: prints `requests JOB` per RunRequest.
    after_jobs run first in the same instance (their materializations feed asset sensors)."""
    import dagster as dg
    from dagster import DagsterInstance

    sensor = defs.get_sensor_def(name)
    resources = getattr(defs, 'resources', None) or {}
    instance = DagsterInstance.ephemeral()
    for job_name in after_jobs:
        get_job = defs.resolve_job_def if isinstance(defs, dg.Definitions) else defs.get_job
        res = get_job(job_name).execute_in_process(instance=instance, raise_on_error=False)
        print(f'ran {job_name}: success={res.success}')
        if not res.success:
            return 1
    with dg.build_sensor_context(instance=instance, resources=resources,
                                 definitions=defs if isinstance(defs, dg.Definitions) else None) as context:
        result = sensor.evaluate_tick(context)
    for rr in result.run_requests or []:
        job = rr.job_name or sensor.job_name
        print(f'requests {job} run_key={rr.run_key} run_config={rr.run_config}')
    if not result.run_requests:
        print(f'sensor {name}: no run requested ({result.skip_message or "no reason given"})')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
