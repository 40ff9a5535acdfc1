"""Run one Mage pipeline as a TRIGGER run, headless and bounded in time.

`mage run` executes blocks without the scheduler: dynamic blocks do not fan out, there are no
retries, no `execution_date`/`logger` kwargs and tests only with --test. A trigger run goes
through the same path as `mage start`'s scheduler: a PipelineSchedule row, a PipelineRun with
its block runs, PipelineScheduler.schedule() creating dynamic child runs, and each block run
executed by a BlockExecutor in a child process of Mage's ProcessQueue.

Usage (with the mage virtual environment's python):
  mage_trigger_run.py PROJECT PIPELINE [--execution-date ISO] [--variables JSON] [--timeout S]
  mage_trigger_run.py PROJECT PIPELINE --from-triggers [--timeout S]
  mage_trigger_run.py PROJECT PIPELINE --backfill START END [--interval-type day] [--interval-units 1]

--from-triggers uses the pipeline's own triggers.yaml: the scheduler's schedule_all() syncs it
into the DB and creates the run (use an @once trigger with status: active).

Exit status: 0 when the run completed, 1 when it failed or timed out, 2 on bad usage.
"""
import argparse
import glob
import json
import os
import sys
import time
from datetime import datetime, timezone


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('project')
    p.add_argument('pipeline')
    p.add_argument('--execution-date', default=None,
                   help='UTC execution date (ISO 8601); default: now')
    p.add_argument('--variables', default='{}', help='JSON object of run variables')
    p.add_argument('--timeout', type=float, default=300.0)
    p.add_argument('--from-triggers', action='store_true')
    p.add_argument('--trigger', default=None,
                   help="run as this trigger of the pipeline's triggers.yaml (synced to the DB)")
    p.add_argument('--schedule-interval', default=None,
                   help='run under an ad-hoc time trigger with this interval (cron or @daily...)')
    p.add_argument('--poll', type=float, default=0.5)
    p.add_argument('--backfill', nargs=2, metavar=('START', 'END'), default=None,
                   help='run a Mage backfill from START to END (ISO dates, UTC)')
    p.add_argument('--interval-type', default='day',
                   help='backfill interval: minute, hour, day, week, month, year')
    p.add_argument('--interval-units', type=int, default=1)
    return p.parse_args(argv)


def main(argv):
    args = parse_args(argv)
    project = os.path.abspath(args.project)
    if not os.path.isdir(project):
        print(f'mage_trigger_run: no project folder {project}', file=sys.stderr)
        return 2
    try:
        variables = json.loads(args.variables)
        if not isinstance(variables, dict):
            raise ValueError('not an object')
    except ValueError as e:
        print(f'mage_trigger_run: --variables must be a JSON object: {e}', file=sys.stderr)
        return 2

    # The same set-up as `mage run`: repo path before the DB engine is created, then the
    # project's parent on sys.path so blocks can import `<project>.utils...`.
    from mage_ai.settings.repo import set_repo_path
    set_repo_path(project)
    sys.path.append(os.path.dirname(project))

    from mage_ai.orchestration.db import db_connection
    from mage_ai.orchestration.db.database_manager import database_manager
    from mage_ai.orchestration.db.models.schedules import (
        BlockRun,
        PipelineRun,
        PipelineSchedule,
    )
    from mage_ai.orchestration.pipeline_scheduler import PipelineScheduler
    from mage_ai.data_preparation.models.pipeline import Pipeline

    from mage_ai.orchestration.job_manager import get_job_manager

    db_connection.start_session()
    database_manager.run_migrations(log_level='WARNING')
    pipeline = Pipeline.get(args.pipeline, repo_path=project)
    # The scheduler process starts the job manager's worker pool before its loop; without it
    # every block run stays queued ("Cannot enqueue a job to an inactive queue").
    job_manager = get_job_manager()
    job_manager.start()
    try:
        return drive(args, project, variables, pipeline, job_manager)
    finally:
        job_manager.stop()


def drive(args, project, variables, pipeline, job_manager):
    from mage_ai.orchestration.db import db_connection
    from mage_ai.orchestration.db.models.schedules import (
        BlockRun,
        PipelineRun,
        PipelineSchedule,
    )
    from mage_ai.orchestration.pipeline_scheduler import PipelineScheduler

    started = time.monotonic()
    deadline = started + args.timeout
    last = PipelineRun.query.order_by(PipelineRun.id.desc()).first()
    before = last.id if last else 0
    runs = []
    if args.from_triggers:
        from mage_ai.orchestration.pipeline_scheduler_original import schedule_all
        while not runs and time.monotonic() < deadline:
            schedule_all()
            runs = (PipelineRun.query.filter(PipelineRun.pipeline_uuid == pipeline.uuid)
                    .order_by(PipelineRun.id.desc()).limit(1).all())
            if not runs:
                time.sleep(args.poll)
        if not runs:
            print(f'mage_trigger_run: no run was created from triggers.yaml of {pipeline.uuid} '
                  f'within {args.timeout}s', file=sys.stderr)
            return 1
    elif args.backfill:
        # What the UI's backfill does: a Backfill row, then start_backfill() creates one run per
        # interval between start and end (under an @once schedule named "Backfill <name>").
        from mage_ai.orchestration.backfills.service import start_backfill
        from mage_ai.orchestration.db.models.schedules import Backfill
        start, end = (parse_utc(x).replace(tzinfo=None) for x in args.backfill)
        backfill = Backfill.create(
            name=f'd2m_test_{int(time.time() * 1000)}', pipeline_uuid=pipeline.uuid,
            start_datetime=start, end_datetime=end, interval_type=args.interval_type,
            interval_units=args.interval_units, variables=variables)
        runs = start_backfill(backfill)
        if not runs:
            print('mage_trigger_run: the backfill created no run', file=sys.stderr)
            return 1
    else:
        execution_date = parse_utc(args.execution_date) if args.execution_date else \
            datetime.now(tz=timezone.utc)
        if args.trigger:
            from mage_ai.orchestration.pipeline_scheduler_original import sync_schedules
            sync_schedules([pipeline.uuid])
            schedule = PipelineSchedule.query.filter(
                PipelineSchedule.pipeline_uuid == pipeline.uuid,
                PipelineSchedule.name == args.trigger).first()
            if schedule is None:
                names = [s.name for s in PipelineSchedule.query.filter(
                    PipelineSchedule.pipeline_uuid == pipeline.uuid).all()]
                print(f'mage_trigger_run: trigger {args.trigger!r} of {pipeline.uuid} was not '
                      f'synced from triggers.yaml (synced: {names})', file=sys.stderr)
                return 1
        else:
            # Inactive, so that a scheduler sharing this DB never starts runs of its own.
            schedule = PipelineSchedule.create(
                name=f'd2m_test_{int(time.time() * 1000)}',
                pipeline_uuid=pipeline.uuid,
                schedule_type='time' if args.schedule_interval else 'api',
                schedule_interval=args.schedule_interval,
                start_time=execution_date if args.schedule_interval else None,
                status='inactive',
                variables={},
            )
        runs = [PipelineRun.create(
            pipeline_schedule_id=schedule.id,
            pipeline_uuid=pipeline.uuid,
            execution_date=execution_date,
            variables=variables,
        )]
    if not args.from_triggers:
        for run in runs:
            PipelineScheduler(run).start(should_schedule=False)

    terminal = {PipelineRun.PipelineRunStatus.COMPLETED, PipelineRun.PipelineRunStatus.FAILED,
                PipelineRun.PipelineRunStatus.CANCELLED}
    while time.monotonic() < deadline:
        db_connection.session.expire_all()
        pending = []
        for run in runs:
            run.refresh()
            if run.status not in terminal:
                pending.append(run)
        if not pending:
            break
        if args.from_triggers:
            from mage_ai.orchestration.pipeline_scheduler_original import schedule_all
            schedule_all()
        else:
            for run in pending:
                PipelineScheduler(run).schedule()
            job_manager.clean_up_jobs()
        revive_worker_pool(job_manager)
        time.sleep(args.poll)
    db_connection.session.expire_all()
    elapsed = time.monotonic() - started

    ok = True
    for run in runs:
        run.refresh()
        block_runs = sorted(BlockRun.query.filter(BlockRun.pipeline_run_id == run.id).all(),
                            key=lambda b: b.id)
        for b in block_runs:
            print(f'block_run {b.block_uuid}: {b.status}')
        status = str(run.status.value if hasattr(run.status, 'value') else run.status)
        print(f'pipeline_run {run.id} {pipeline.uuid} at {run.execution_date}: {status} '
              f'in {elapsed:.1f}s')
        if run.status == PipelineRun.PipelineRunStatus.COMPLETED:
            continue
        ok = False
        if run.status not in terminal:
            print(f'mage_trigger_run: timed out after {args.timeout}s', file=sys.stderr)
        print_failed_logs(project, block_runs, BlockRun.BlockRunStatus.COMPLETED)
    # Runs of other pipelines created meanwhile: what trigger_pipeline() in a block started
    # (e.g. a migrated sensor's target). They are only created here, not executed.
    ids = {run.id for run in runs}
    for other in PipelineRun.query.filter(PipelineRun.id > before).all():
        if other.id not in ids and other.pipeline_uuid != pipeline.uuid:
            print(f'triggered {other.pipeline_uuid} variables={other.variables}')
    return 0 if ok else 1


def parse_utc(text):
    moment = datetime.fromisoformat(text.replace('Z', '+00:00'))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def print_failed_logs(project, block_runs, completed):
    """Show the logs of the blocks that failed: that is where the traceback is."""
    for b in block_runs:
        if b.status == completed:
            continue
        for path in sorted(glob.glob(os.path.join(
                project, '**', '.logs', '**', '*.log'), recursive=True)):
            name = os.path.basename(path)
            if b.block_uuid.split(':')[0].replace('/', '_') in name:
                with open(path, errors='replace') as f:
                    tail = f.read()[-4000:]
                print(f'--- log {path}\n{tail}', file=sys.stderr)


def revive_worker_pool(job_manager):
    """Work around a race in Mage's ProcessQueue: its worker-pool process exits when it sees an
    empty queue, and a job put just then (multiprocessing.Queue.empty() lags behind put) is
    stranded: the pool is gone, the block run stays `queued`, and has_job() keeps reporting the
    job as present so nothing re-enqueues it. Seen once in a loaded run (a dynamic child
    controller queued for 300 s). Restart the pool when work is waiting and no pool runs."""
    queue = getattr(job_manager, 'queue', None)
    mp_queue = getattr(queue, 'queue', None)
    if mp_queue is None or not hasattr(queue, 'is_worker_pool_alive'):
        return
    if not mp_queue.empty() and not queue.is_worker_pool_alive():
        print('mage_trigger_run: restarting the stopped worker pool for a waiting job')
        queue.start_worker_pool()


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
