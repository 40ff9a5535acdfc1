import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { importsDagster, resolveServer, serverSettings, usesDagster } from '../../src/serverPath';

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'd2m-unit-'));
}

function exe(p: string): string {
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, '#!/bin/sh\n');
  fs.chmodSync(p, 0o755);
  return p;
}

test('the setting wins over the bundled binary and PATH', () => {
  const d = tmp();
  const own = exe(path.join(d, 'own', 'dagster2mage'));
  exe(path.join(d, 'ext', 'bin', 'dagster2mage'));
  const r = resolveServer({ setting: own, extensionPath: path.join(d, 'ext'), envPath: '' });
  assert.deepEqual(r, { ok: true, path: own, source: 'setting', warnings: [] });
});

test('the bundled binary comes before PATH', () => {
  const d = tmp();
  const bundled = exe(path.join(d, 'ext', 'bin', 'dagster2mage'));
  exe(path.join(d, 'pathdir', 'dagster2mage'));
  const r = resolveServer({ setting: '', extensionPath: path.join(d, 'ext'), envPath: path.join(d, 'pathdir') });
  assert.equal(r.ok && r.path, bundled);
  assert.equal(r.ok && r.source, 'bundled');
});

test('PATH is the last resort, and a non-executable file there is skipped', () => {
  const d = tmp();
  fs.mkdirSync(path.join(d, 'a'));
  fs.writeFileSync(path.join(d, 'a', 'dagster2mage'), 'not executable');
  const onPath = exe(path.join(d, 'b', 'dagster2mage'));
  const r = resolveServer({
    setting: undefined,
    extensionPath: path.join(d, 'ext'),
    envPath: [path.join(d, 'a'), path.join(d, 'b')].join(path.delimiter),
  });
  assert.equal(r.ok && r.path, onPath);
  assert.equal(r.ok && r.source, 'PATH');
});

test('a wrong setting is reported, then the fallbacks are tried', () => {
  const d = tmp();
  const bundled = exe(path.join(d, 'ext', 'bin', 'dagster2mage'));
  const r = resolveServer({ setting: path.join(d, 'nope'), extensionPath: path.join(d, 'ext'), envPath: '' });
  assert.equal(r.ok && r.path, bundled);
  assert.match(r.warnings[0], /dagster2mage\.path is set to ".*nope", which is not an executable file/);
});

test('nothing found gives a message naming every place looked at', () => {
  const d = tmp();
  const r = resolveServer({ setting: '~/bin/d2m', extensionPath: path.join(d, 'ext'), envPath: '', homedir: d });
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.match(r.message, /dagster2mage\.path/);
    assert.match(r.message, new RegExp(`${d}/bin/d2m`));
    assert.match(r.message, /bundled .*ext\/bin\/dagster2mage/);
    assert.match(r.message, /on PATH/);
  }
});

test('usesDagster reads project files and markers', () => {
  const d = tmp();
  assert.equal(usesDagster(d), false);
  fs.writeFileSync(path.join(d, 'pyproject.toml'), '[project]\ndependencies = ["pandas"]\n');
  assert.equal(usesDagster(d), false);
  fs.writeFileSync(path.join(d, 'requirements.txt'), 'pandas\ndagster==1.9.0\n');
  assert.equal(usesDagster(d), true);
  const e = tmp();
  fs.writeFileSync(path.join(e, 'pyproject.toml'), '[project]\ndependencies = ["dagster-pipes-not"]\n');
  assert.equal(usesDagster(e), true, 'dagster-* packages count as Dagster');
  const f = tmp();
  fs.writeFileSync(path.join(f, 'workspace.yaml'), 'load_from: []\n');
  assert.equal(usesDagster(f), true);
});

test('importsDagster', () => {
  assert.equal(importsDagster('import dagster as dg\n'), true);
  assert.equal(importsDagster('from dagster import asset\n'), true);
  assert.equal(importsDagster('  from dagster_dbt import dbt_assets\n'), true);
  assert.equal(importsDagster('import pandas\n# dagster later\n'), false);
  assert.equal(importsDagster('from mydagster import x\n'), false);
});

test('serverSettings keeps what is set and drops client-only keys and unset values', () => {
  const raw = {
    path: '/opt/d2m',
    trace: { server: 'verbose' },
    out: 'mage_project',
    projectName: '',
    pipelineStrategy: 'group',
    select: [],
    ignore: ['DM9'],
    exclude: null,
    workspaceDiagnostics: false,
  };
  assert.deepEqual(serverSettings(raw), { out: 'mage_project', pipelineStrategy: 'group', ignore: ['DM9'], workspaceDiagnostics: false });
  assert.deepEqual(serverSettings(null), {});
  assert.deepEqual(serverSettings('x'), {});
});
