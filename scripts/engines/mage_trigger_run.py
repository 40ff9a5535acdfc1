"""Run one Mage pipeline as a TRIGGER run, headless and bounded in time.

`mage run` executes blocks without the scheduler: dynamic blocks do not fan out, there are no
retries, no `execution_date`/`logger` kwargs and tests only with --test. A trigger run goes
through the same path as `mage start`'s scheduler: a PipelineSchedule row, a PipelineRun with
its block runs, PipelineScheduler.schedule() creating dynamic child runs, and each block run
executed by a BlockExecutor in a child process of Mage's ProcessQueue.

Usage (with the mage virtual environment's python):
  mage_trigger_run.py PROJECT PIPELINE [--execution-date ISO] [--variables JSON] [--timeout S]
  mage_trigger_run.py PROJECT PIPELINE --from-triggers [--timeout S]

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
    run = None
    if args.from_triggers:
        from mage_ai.orchestration.pipeline_scheduler_original import schedule_all
        while run is None and time.monotonic() < deadline:
            schedule_all()
            run = (PipelineRun.query.filter(PipelineRun.pipeline_uuid == pipeline.uuid)
                   .order_by(PipelineRun.id.desc()).first())
            if run is None:
                time.sleep(args.poll)
        if run is None:
            print(f'mage_trigger_run: no run was created from triggers.yaml of {pipeline.uuid} '
                  f'within {args.timeout}s', file=sys.stderr)
            return 1
    else:
        if args.execution_date:
            execution_date = datetime.fromisoformat(args.execution_date)
            if execution_date.tzinfo is None:
                execution_date = execution_date.replace(tzinfo=timezone.utc)
        else:
            execution_date = datetime.now(tz=timezone.utc)
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
        run = PipelineRun.create(
            pipeline_schedule_id=schedule.id,
            pipeline_uuid=pipeline.uuid,
            execution_date=execution_date,
            variables=variables,
        )
    if not args.from_triggers:
        PipelineScheduler(run).start(should_schedule=False)

    terminal = {PipelineRun.PipelineRunStatus.COMPLETED, PipelineRun.PipelineRunStatus.FAILED,
                PipelineRun.PipelineRunStatus.CANCELLED}
    while time.monotonic() < deadline:
        db_connection.session.expire_all()
        run.refresh()
        if run.status in terminal:
            break
        if args.from_triggers:
            from mage_ai.orchestration.pipeline_scheduler_original import schedule_all
            schedule_all()
        else:
            PipelineScheduler(run).schedule()
            job_manager.clean_up_jobs()
        revive_worker_pool(job_manager)
        time.sleep(args.poll)
    db_connection.session.expire_all()
    run.refresh()
    elapsed = time.monotonic() - started

    block_runs = sorted(BlockRun.query.filter(BlockRun.pipeline_run_id == run.id).all(),
                        key=lambda b: b.id)
    for b in block_runs:
        print(f'block_run {b.block_uuid}: {b.status}')
    status = str(run.status.value if hasattr(run.status, 'value') else run.status)
    print(f'pipeline_run {run.id} {pipeline.uuid}: {status} in {elapsed:.1f}s')
    if run.status == PipelineRun.PipelineRunStatus.COMPLETED:
        return 0
    if run.status not in terminal:
        print(f'mage_trigger_run: timed out after {args.timeout}s', file=sys.stderr)
    # Show the logs of the blocks that failed: that is where the traceback is.
    for b in block_runs:
        if b.status == BlockRun.BlockRunStatus.COMPLETED:
            continue
        for path in sorted(glob.glob(os.path.join(
                project, '**', '.logs', '**', '*.log'), recursive=True)):
            name = os.path.basename(path)
            if b.block_uuid.split(':')[0].replace('/', '_') in name:
                with open(path, errors='replace') as f:
                    tail = f.read()[-4000:]
                print(f'--- log {path}\n{tail}', file=sys.stderr)
    return 1


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
