"""Load every pipeline of a Mage project with real Mage and check what Mage checks at run time.

Usage (with the mage virtual environment's python):
  mage_load.py PROJECT [--json FILE]

For each pipelines/<uuid>/metadata.yaml:
  * Mage's own loader: Pipeline.get(...) (block types, duplicates, null lists) and
    Pipeline.validate() (cycles through downstream_blocks);
  * what Mage drops SILENTLY: an upstream/downstream uuid that names no block of the pipeline,
    upstream and downstream lists that do not mirror each other (under `mage run` the child then
    never runs);
  * each executable Python block: its file exists and, exec'd the way Mage execs it (a fresh
    globals dict holding the collector for the block's type), it registers a decorated function
    whose signature Block._validate_execution accepts for the block's upstream count;
  * callbacks and conditionals register their decorated functions;
  * triggers.yaml: every entry parses as Mage's Trigger (Mage skips bad entries with a printed
    traceback only) and its schedule interval is valid.
Every .py file of the project must also compile.

Exit 0 when all pipelines are valid, 1 with one line per problem otherwise (or no pipeline).
--json writes a summary the engine test uses: per pipeline its blocks, which are dynamic, and
its triggers.
"""
import argparse
import io
import json
import os
import sys
import traceback
from contextlib import redirect_stdout

import yaml

LIST_KEYS = ('blocks', 'callbacks', 'conditionals', 'widgets')


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('project')
    ap.add_argument('--json', default=None)
    args = ap.parse_args(argv)
    project = os.path.abspath(args.project)
    if not os.path.isdir(project):
        print(f'mage_load: no project folder {project}', file=sys.stderr)
        return 2

    from mage_ai.settings.repo import set_repo_path
    set_repo_path(project)
    sys.path.append(os.path.dirname(project))

    from mage_ai.orchestration.db import db_connection
    db_connection.start_session()

    problems = []
    summary = {'project': project, 'pipelines': {}}
    name = os.path.basename(project)
    if not name.isidentifier():
        problems.append(f'project folder name {name!r} is not a Python identifier: blocks cannot '
                        f'import shared code as {name}.utils...')
    if os.path.exists(os.path.join(project, 'settings.yaml')):
        problems.append('settings.yaml at the project root turns on Mage project-platform mode')

    for dirpath, dirnames, filenames in os.walk(project):
        dirnames[:] = sorted(d for d in dirnames if d not in ('mage_data', '__pycache__', '.git'))
        for name in sorted(filenames):
            if name.endswith('.py'):
                path = os.path.join(dirpath, name)
                try:
                    with open(path, 'rb') as f:
                        compile(f.read(), path, 'exec')
                except (SyntaxError, ValueError) as e:
                    problems.append(f'{os.path.relpath(path, project)}: does not compile: {e}')

    pipelines_dir = os.path.join(project, 'pipelines')
    uuids = sorted(d for d in (os.listdir(pipelines_dir) if os.path.isdir(pipelines_dir) else [])
                   if os.path.isfile(os.path.join(pipelines_dir, d, 'metadata.yaml')))
    if not uuids:
        problems.append('no pipeline: no pipelines/<uuid>/metadata.yaml in the project')
    for uuid in uuids:
        info, errs = check_pipeline(project, uuid)
        summary['pipelines'][uuid] = info
        problems.extend(f'pipeline {uuid}: {e}' for e in errs)

    if args.json:
        with open(args.json, 'w') as f:
            json.dump(summary, f, indent=1, sort_keys=True, default=str)
    for uuid in uuids:
        info = summary['pipelines'][uuid]
        print(f"pipeline {uuid}: {len(info.get('blocks', []))} blocks, "
              f"{len(info.get('triggers', []))} triggers")
    for p in problems:
        print(f'PROBLEM {p}')
    print(f'mage_load: {len(uuids)} pipelines, {len(problems)} problems')
    return 1 if problems else 0


def check_pipeline(project, uuid):
    from mage_ai.data_preparation.models.constants import CUSTOM_EXECUTION_BLOCK_TYPES
    from mage_ai.data_preparation.models.pipeline import Pipeline

    errs = []
    info = {'blocks': [], 'dynamic': [], 'reduce_output': [], 'triggers': [], 'sensors': [],
            'variables': {}}
    meta_path = os.path.join(project, 'pipelines', uuid, 'metadata.yaml')
    with open(meta_path) as f:
        raw = yaml.safe_load(f)
    if not isinstance(raw, dict) or not raw:
        return info, ['metadata.yaml is empty or not a mapping']
    for key in LIST_KEYS:
        if key in raw and not isinstance(raw[key], list):
            errs.append(f'{key} must be a list, is {raw[key]!r}')
    raw_blocks = {}
    for key in LIST_KEYS:
        for b in raw.get(key) or []:
            if not isinstance(b, dict) or 'uuid' not in b:
                errs.append(f'{key}: entry without uuid: {b!r}')
                continue
            raw_blocks[b['uuid']] = dict(b, _list=key)
            for lk in ('upstream_blocks', 'downstream_blocks'):
                if lk in b and not isinstance(b[lk], list):
                    errs.append(f'block {b["uuid"]}: {lk} must be a list, is {b[lk]!r}')
    if errs:
        return info, errs

    out = io.StringIO()
    try:
        with redirect_stdout(out):
            pipeline = Pipeline.get(uuid, repo_path=project, check_if_exists=True)
            pipeline.validate()
    except Exception as e:  # Mage's own load error is the finding
        return info, [f'Mage cannot load it: {type(e).__name__}: {e}']
    if out.getvalue().strip():
        errs.append(f'Mage printed while loading: {out.getvalue().strip()[:500]}')
    info['variables'] = raw.get('variables') or {}
    if raw.get('uuid') not in (None, uuid):
        errs.append(f"uuid key {raw.get('uuid')!r} differs from the folder name (Mage ignores it)")

    # Mirrors and silently dropped uuids, on the YAML as written.
    for b_uuid, b in raw_blocks.items():
        for up in b.get('upstream_blocks') or []:
            if up not in raw_blocks:
                errs.append(f'block {b_uuid}: upstream {up!r} is no block of the pipeline '
                            '(Mage drops it silently)')
            elif b['_list'] == 'blocks' and b_uuid not in (raw_blocks[up].get('downstream_blocks') or []):
                errs.append(f'block {b_uuid}: upstream {up} does not list it in downstream_blocks '
                            '(under mage run it never runs)')
        for down in b.get('downstream_blocks') or []:
            if down not in raw_blocks:
                errs.append(f'block {b_uuid}: downstream {down!r} is no block of the pipeline')
            elif b_uuid not in (raw_blocks[down].get('upstream_blocks') or []):
                errs.append(f'block {b_uuid}: downstream {down} does not list it in upstream_blocks')

    for b_uuid, b in raw_blocks.items():
        if b['_list'] == 'callbacks':
            block = pipeline.callbacks_by_uuid.get(b_uuid)
        elif b['_list'] == 'conditionals':
            block = pipeline.conditionals_by_uuid.get(b_uuid)
        else:
            block = pipeline.get_block(b_uuid, widget=b['_list'] == 'widgets')
        if block is None:
            errs.append(f'block {b_uuid}: not found after loading')
            continue
        cfg = b.get('configuration') or {}
        if b['_list'] == 'blocks':
            info['blocks'].append(b_uuid)
            if cfg.get('dynamic'):
                info['dynamic'].append(b_uuid)
            if cfg.get('reduce_output'):
                info['reduce_output'].append(b_uuid)
            if block.type == 'sensor':
                info['sensors'].append(b_uuid)
        if block.language != 'python':
            continue
        if b['_list'] == 'callbacks':
            names = ('callback', 'on_success', 'on_failure')
        elif b['_list'] == 'conditionals':
            names = ('condition',)
        elif block.type in CUSTOM_EXECUTION_BLOCK_TYPES:
            names = (block.type,)
        else:
            continue
        path = block.file_path
        if not path or not os.path.isfile(path):
            errs.append(f'block {b_uuid}: file {path} does not exist')
            continue
        # The globals Mage gives the file: its own collectors (CallbackBlock's checks the status
        # of @callback('success'|'failure'|'cancelled')).
        decorated = []
        base = super(type(block), block) if b['_list'] == 'callbacks' else block
        scope = {n: (block if n == 'callback' else base)._block_decorator(decorated) for n in names}
        scope['test'] = block._block_decorator([])
        scope['preprocesser'] = block._block_decorator([])
        try:
            with open(path) as f, redirect_stdout(io.StringIO()):
                exec(compile(f.read(), path, 'exec'), scope)
        except Exception as e:
            errs.append(f'block {b_uuid}: executing {os.path.relpath(path, project)} failed: '
                        f'{type(e).__name__}: {e}')
            continue
        if not decorated:
            errs.append(f'block {b_uuid}: {os.path.relpath(path, project)} has no function '
                        f'decorated with @{names[0]}')
            continue
        if block.type in CUSTOM_EXECUTION_BLOCK_TYPES and b['_list'] == 'blocks':
            try:
                block._validate_execution(decorated, [None] * len(block.upstream_block_uuids))
            except Exception as e:
                errs.append(f'block {b_uuid}: {e}')

    trig_path = os.path.join(project, 'pipelines', uuid, 'triggers.yaml')
    if os.path.exists(trig_path):
        from mage_ai.data_preparation.models.triggers import build_triggers
        with open(trig_path) as f:
            data = yaml.safe_load(f) or {}
        entries = data.get('triggers') if isinstance(data, dict) else None
        if not isinstance(entries, list):
            errs.append('triggers.yaml: no `triggers:` list')
            entries = []
        for entry in entries:
            try:
                with redirect_stdout(io.StringIO()):
                    (t,) = build_triggers([dict(entry)], uuid, raise_exception=True,
                                          repo_path=project)
            except Exception as e:
                errs.append(f'triggers.yaml: Mage skips this trigger: {e}')
                continue
            if not t.has_valid_schedule_interval:
                errs.append(f'triggers.yaml: trigger {t.name}: invalid schedule_interval '
                            f'{t.schedule_interval!r}')
            info['triggers'].append({'name': t.name, 'schedule_type': str(t.schedule_type),
                                     'schedule_interval': t.schedule_interval,
                                     'start_time': t.start_time, 'status': str(t.status),
                                     'variables': t.variables})
    return info, errs


if __name__ == '__main__':
    try:
        sys.exit(main(sys.argv[1:]))
    except Exception:
        traceback.print_exc()
        sys.exit(1)
