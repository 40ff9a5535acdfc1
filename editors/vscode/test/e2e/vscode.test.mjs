// Real VS Code end to end: the packaged .vsix installed into code-server 4.100.3 (VS Code 1.100),
// the workbench driven in headless Chromium through playwright-core, the real dagster2mage server.
// What a person does: open the fixture Dagster project and a Python file, read the Problems panel,
// hover a decorator, apply a quick fix from the light bulb menu, run "Migrate workspace" from the
// command palette; the files must be on disk. Screenshots go to test-output/vscode/.
//
// Environment: CODE_SERVER_ENTRY (scripts/install-code-server.sh prints it), D2M_BIN (server
// binary), VSIX (else built here), CHROMIUM (default /usr/bin/chromium).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const extRoot = path.resolve(here, '..', '..');
const repoRoot = path.resolve(extRoot, '..', '..');
const outDir = path.join(repoRoot, 'test-output', 'vscode');
const STEP = Number(process.env.STEP_MS || 90_000);

function missing(what) {
  // A developer without the tools gets a skip; CI must have installed them.
  if (process.env.CI) {
    throw new Error(`${what} is missing in CI; scripts/test.d/51-vscode.sh installs it`);
  }
  return `${what} is missing (run scripts/test.d/51-vscode.sh)`;
}

const entry = process.env.CODE_SERVER_ENTRY;
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const skip = !entry || !fs.existsSync(entry) ? missing('code-server (CODE_SERVER_ENTRY)') : !fs.existsSync(chromiumPath) ? missing('chromium') : false;

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

function walk(dir, base = dir, out = {}) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      walk(p, base, out);
    } else if (e.isFile()) {
      out[path.relative(base, p)] = fs.statSync(p).size;
    }
  }
  return out;
}

function newFiles(before, afterTree) {
  return Object.fromEntries(Object.entries(afterTree).filter(([p]) => !(p in before)));
}

async function until(what, fn, ms = STEP) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    try {
      last = await fn();
      if (last) {
        return last;
      }
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
}

function logsOf(dir) {
  const out = [];
  const visit = (d) => {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) visit(p);
      else if (/exthost|Dagster|dagster|remoteagent|renderer/i.test(p) && p.endsWith('.log')) {
        out.push(`--- ${p}\n${fs.readFileSync(p, 'utf8').slice(-6000)}`);
      }
    }
  };
  visit(dir);
  return out.join('\n');
}

describe('VS Code (code-server) with the dagster2mage extension', { skip }, () => {
  let tmp, ws, ud, ext, installedDir, settings, server, browser, page, serverLog = '';
  let shot = 0;
  let fixtureTree;
  let initialCount, afterMigrationCount; // the status bar's count before, its text after "Migrate workspace"
  const failures = [];

  async function screenshot(name) {
    fs.mkdirSync(outDir, { recursive: true });
    shot++;
    await page.screenshot({ path: path.join(outDir, `${String(shot).padStart(2, '0')}-${name}.png`) });
  }

  // Opens a quick input (command palette, quick open, go to line) with one of `keys` after closing
  // whatever menu is open, and types `text`.
  async function quickInput(keys, text) {
    const input = page.locator('.quick-input-widget input');
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Escape');
      await page.keyboard.press(keys[i % keys.length]);
      if (await input.waitFor({ state: 'visible', timeout: 3000 }).then(() => true, () => false)) break;
    }
    await input.waitFor({ state: 'visible', timeout: 1000 });
    await input.fill(text);
    return input;
  }

  async function command(title) {
    await quickInput(['F1', 'Control+Shift+P'], `>${title}`);
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first().waitFor({ state: 'visible', timeout: STEP });
    await page.keyboard.press('Enter');
  }

  async function openFile(rel) {
    // Quick open with the absolute path: no wait for the file search index.
    await quickInput(['Control+P'], path.join(ws, rel));
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: path.basename(rel) }).first().waitFor({ timeout: STEP });
    await page.keyboard.press('Enter');
    await page.locator('.tab.active', { hasText: path.basename(rel) }).waitFor({ timeout: STEP });
  }

  async function goTo(line, col) {
    const input = await quickInput(['Control+G'], `:${line}:${col}`);
    await page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden', timeout: STEP });
  }

  function lineNumber(prefix) {
    const lines = fs.readFileSync(path.join(ws, 'shop', 'assets.py'), 'utf8').split('\n');
    const i = lines.findIndex((l) => l.startsWith(prefix));
    assert.ok(i >= 0, `no line starting with ${prefix}`);
    return i + 1;
  }

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'd2m-vscode-'));
    fs.rmSync(outDir, { recursive: true, force: true });
    ws = path.join(tmp, 'shop');
    fs.cpSync(path.join(repoRoot, 'e2e', 'testdata', 'shop'), ws, { recursive: true });
    fixtureTree = walk(ws);
    ud = path.join(tmp, 'user-data');
    ext = path.join(tmp, 'extensions');
    fs.mkdirSync(path.join(ud, 'User'), { recursive: true });
    // code-server otherwise reads and writes ~/.config/code-server/config.yaml.
    const csConfig = path.join(tmp, 'code-server.yaml');
    fs.writeFileSync(csConfig, 'auth: none\n');
    settings = {
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'workbench.enableExperiments': false,
      'security.workspace.trust.enabled': false,
      'telemetry.telemetryLevel': 'off',
      'update.mode': 'none',
      'extensions.autoUpdate': false,
      'extensions.autoCheckUpdates': false,
      'extensions.ignoreRecommendations': true,
      'editor.hover.delay': 200,
      'files.autoSave': 'off',
      'dagster2mage.trace.server': 'messages',
      // A non-default output folder proves the settings reach the server.
      'dagster2mage.out': 'mage_vscode',
    };
    fs.writeFileSync(path.join(ud, 'User', 'settings.json'), JSON.stringify(settings, null, 2));

    let vsix = process.env.VSIX;
    if (!vsix) {
      const r = spawnSync(process.execPath, [path.join(extRoot, 'scripts', 'package.mjs')], { encoding: 'utf8', env: { ...process.env, VSIX_OUT: path.join(tmp, 'dagster2mage-linux-x64.vsix') } });
      assert.equal(r.status, 0, `packaging failed:\n${r.stdout}\n${r.stderr}`);
      vsix = r.stdout.trim().split('\n').pop();
    }
    const inst = spawnSync(process.execPath, [entry, '--config', csConfig, '--user-data-dir', ud, '--extensions-dir', ext, '--install-extension', vsix], { encoding: 'utf8' });
    assert.equal(inst.status, 0, `--install-extension failed:\n${inst.stdout}\n${inst.stderr}`);
    const installed = fs.readdirSync(ext).filter((d) => d.startsWith('dagster2mage.dagster2mage-'));
    assert.equal(installed.length, 1, `extension not in ${ext}: ${fs.readdirSync(ext)}`);
    installedDir = path.join(ext, installed[0]);
    assert.ok(fs.existsSync(path.join(installedDir, 'bin', 'dagster2mage')), 'the .vsix must carry bin/dagster2mage');

    const port = await freePort();
    // The server binary is not on PATH: the extension must use the bundled one.
    server = spawn(process.execPath, [entry, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--config', csConfig, '--user-data-dir', ud, '--extensions-dir', ext, ws], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PATH: '/usr/local/bin:/usr/bin:/bin' },
    });
    server.stdout.on('data', (b) => (serverLog += b));
    server.stderr.on('data', (b) => (serverLog += b));
    await until('code-server to listen', () => /HTTP server listening/.test(serverLog), 60_000);

    browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(ws)}`);
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: STEP });
    await screenshot('workbench');
  });

  after(async () => {
    if (failures.length && page) {
      await screenshot('failure').catch(() => {});
    }
    if (failures.length) {
      console.error(`code-server output:\n${serverLog.slice(-4000)}\n${logsOf(path.join(ud, 'logs'))}`);
    }
    await browser?.close().catch(() => {});
    // Keep the folders of a failed run for a look; drop a passing run's.
    const cleanup = () => failures.length === 0 && tmp && fs.rmSync(tmp, { recursive: true, force: true });
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((r) => {
        const t = setTimeout(() => {
          server.kill('SIGKILL');
          r();
        }, 5000);
        server.once('exit', () => {
          clearTimeout(t);
          r();
        });
      });
    }
    cleanup();
  });

  // Every step records its failure so that the logs are dumped once at the end.
  function step(name, fn) {
    it(name, async () => {
      try {
        await fn();
      } catch (err) {
        failures.push(name);
        await screenshot(`failed-${name.replace(/\W+/g, '-')}`).catch(() => {});
        throw err;
      }
    });
  }

  step('opens a Python file of the Dagster project', async () => {
    await openFile(path.join('shop', 'assets.py'));
    await page.locator('.monaco-editor .view-line', { hasText: 'def clean_users' }).waitFor({ timeout: STEP });
  });

  step('shows the findings in the Problems panel', async () => {
    await command('View: Focus Problems');
    const rows = page.locator('.markers-panel .monaco-list-row');
    await until('dagster2mage findings in the Problems panel', async () => (await rows.filter({ hasText: /DM\d{3}/ }).count()) >= 3);
    const texts = await rows.allInnerTexts();
    await screenshot('problems');
    const ours = texts.filter((t) => /DM\d{3}/.test(t));
    assert.ok(ours.some((t) => /dagster2mage/.test(t)), `findings do not name their source: ${ours.join(' | ')}`);
    assert.ok(ours.some((t) => /clean_users/.test(t)), `no finding about clean_users: ${ours.join(' | ')}`);
    // The status bar item is updated shortly after the Problems panel.
    const statusText = await until('the status bar count', async () => {
      const s = await page.locator('.statusbar-item', { hasText: /constructs? to migrate/ }).first().innerText();
      return /\d+/.test(s) && Number(s.match(/\d+/)[0]) >= 3 && s;
    });
    initialCount = Number(statusText.match(/\d+/)[0]);
    assert.ok(initialCount >= 3, `status bar: ${statusText}`);
  });

  step('hover on a decorator shows the Mage equivalent', async () => {
    const line = lineNumber('def clean_users') - 1; // the @asset line above it
    await goTo(line, 2);
    // Hover with the mouse over the decorator's name, as a person does: find the rendered line by its
    // line number in the gutter, then the token "asset" in it.
    const num = page.locator('.monaco-editor .margin-view-overlays .line-numbers', { hasText: new RegExp(`^${line}$`) }).first();
    const numBox = await num.boundingBox();
    assert.ok(numBox, `line ${line} is not on screen`);
    let token;
    for (const el of await page.locator('.monaco-editor .view-lines .view-line').all()) {
      const box = await el.boundingBox();
      if (box && Math.abs(box.y - numBox.y) < 4) {
        assert.match(await el.innerText(), /@asset/, `line ${line} is not the decorator`);
        token = await el.locator('span span', { hasText: 'asset' }).last().boundingBox();
      }
    }
    assert.ok(token, `the @asset token of line ${line} is not on screen`);
    await page.mouse.move(token.x + token.width / 2, token.y + token.height / 2);
    // The hover holds the finding's message and the server's hover; wait for the latter.
    const hover = page.locator('.monaco-hover:visible', { hasText: /transformer/i });
    await until('a hover naming the Mage block', async () => (await hover.count()) > 0, 20_000).catch(async () => {
      // Fall back to the keyboard (Ctrl+K Ctrl+I) if the mouse hover did not show it.
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+I');
      await until('a hover naming the Mage block (keyboard)', async () => (await hover.count()) > 0);
    });
    await new Promise((r) => setTimeout(r, 500)); // let the fade-in finish before the screenshot
    const text = await hover.first().innerText();
    await screenshot('hover');
    assert.match(text, /transformer/i, `hover text:\n${text}`);
    await page.keyboard.press('Escape');
    await page.mouse.move(5, 5);
  });

  let afterFix;
  step('a quick fix from the light bulb writes the Mage block to disk', async () => {
    const target = () => {
      const files = newFiles(fixtureTree, walk(ws));
      const p = Object.keys(files).find((f) => f.endsWith(path.join('transformers', 'clean_users.py')));
      return p && files[p] > 0 && p;
    };
    const menu = page.locator('.action-widget');
    let block;
    // The menu closes when the server republishes diagnostics while it is open (a loaded machine
    // makes that likely), so a person would open it again: up to three tries.
    let attempts = 0;
    for (let attempt = 0; attempt < 3 && !block; attempt++) {
      attempts++;
      await goTo(lineNumber('def clean_users'), 5);
      // Click the light bulb next to the line, as a person does (Ctrl+. if it does not show).
      const bulb = page.locator('.monaco-editor .lightBulbWidget');
      try {
        await bulb.first().waitFor({ state: 'visible', timeout: 10_000 });
        await bulb.first().click();
        await menu.waitFor({ state: 'visible', timeout: 5000 });
      } catch {
        await page.keyboard.press('Control+.');
        await menu.waitFor({ state: 'visible', timeout: STEP });
      }
      await menu.locator('.monaco-list-row', { hasText: /Convert/ }).first().waitFor({ timeout: STEP });
      if (attempt === 0) await screenshot('quick-fix-menu');
      const titles = await menu.locator('.monaco-list-row').allInnerTexts();
      assert.ok(titles.some((t) => /^Convert asset `clean_users` to a Mage transformer block/.test(t.trim())), `no Convert quick fix: ${titles.join(' | ')}`);
      // Choose it with the keyboard: move the menu's focus to the row, then Enter.
      for (let i = 0; i < 10; i++) {
        const focused = await menu.locator('.monaco-list-row.focused').first().innerText().catch(() => '');
        if (/^\s*Convert/.test(focused)) break;
        await page.keyboard.press('ArrowDown');
      }
      await page.keyboard.press('Enter');
      block = await until('transformers/clean_users.py on disk with content', target, 20_000).catch(() => undefined);
      if (!block && Object.keys(newFiles(fixtureTree, walk(ws))).length > 0) {
        block = await until('transformers/clean_users.py on disk with content', target); // applying: wait
      }
    }
    assert.ok(block, 'the quick fix wrote no transformers/clean_users.py');
    if (attempts > 1) console.log(`quick fix applied at try ${attempts} (the menu had closed)`);
    await screenshot('quick-fix-applied');
    const body = fs.readFileSync(path.join(ws, block), 'utf8');
    for (const want of ['@transformer', 'df["full_name"]', 'def clean_users(']) {
      assert.ok(body.includes(want), `${block} lacks ${want}:\n${body}`);
    }
    afterFix = walk(ws);
  });

  step('"Migrate this file" from the command palette adds the rest of assets.py', async () => {
    await command('Dagster2Mage: Migrate this file to Mage');
    await until('data_loaders/raw_users.py on disk', () => {
      const f = newFiles(afterFix, walk(ws));
      return Object.keys(f).some((p) => p.endsWith('data_loaders/raw_users.py') && f[p] > 0);
    });
    const f = newFiles(afterFix, walk(ws));
    assert.ok(!Object.keys(f).some((p) => p.endsWith('triggers.yaml')), 'migrating assets.py must not migrate the schedule of definitions.py');
  });

  step('"Migrate workspace" from the command palette writes the Mage project', async () => {
    await command('Dagster2Mage: Migrate workspace to Mage');
    let previewed = false;
    const files = await until('the pipeline metadata.yaml, data_loaders/raw_users.py and the schedule\'s triggers.yaml on disk', async () => {
      // Replacing an existing file needs the user's consent: VS Code shows the Refactor Preview,
      // where a person reviews the changes and presses Apply.
      const apply = page.locator('.bulk-edit-panel .monaco-button', { hasText: /^Apply$/ });
      if (!previewed && (await apply.count()) > 0 && (await apply.first().isVisible())) {
        previewed = true;
        await screenshot('refactor-preview');
        await apply.first().click();
      }
      const f = newFiles(fixtureTree, walk(ws));
      const meta = Object.keys(f).find((p) => /pipelines\/[^/]+\/metadata\.yaml$/.test(p) && f[p] > 0);
      const loader = Object.keys(f).find((p) => p.endsWith('data_loaders/raw_users.py') && f[p] > 0);
      const triggers = Object.keys(f).find((p) => /pipelines\/[^/]+\/triggers\.yaml$/.test(p) && f[p] > 0);
      return meta && loader && triggers && { f, meta };
    });
    await new Promise((r) => setTimeout(r, 1000));
    await screenshot('migrated');
    const meta = fs.readFileSync(path.join(ws, files.meta), 'utf8');
    assert.match(meta, /clean_users/);
    assert.match(meta, /raw_users/);
    for (const [p, size] of Object.entries(newFiles(fixtureTree, walk(ws)))) {
      assert.ok(size > 0 || p.endsWith('__init__.py'), `${p} is empty on disk`);
    }
    // The editor path writes exactly what `dagster2mage migrate` writes.
    const out = files.meta.split(path.sep)[0];
    assert.equal(out, 'mage_vscode', 'the Mage project goes to the dagster2mage.out setting');
    const cli = fs.mkdtempSync(path.join(os.tmpdir(), 'd2m-cli-'));
    fs.cpSync(path.join(repoRoot, 'e2e', 'testdata', 'shop'), cli, { recursive: true });
    const mig = spawnSync(process.env.D2M_BIN || path.join(repoRoot, 'bin', 'dagster2mage'), ['migrate', '--out', out, '.'], { cwd: cli, encoding: 'utf8' });
    assert.equal(mig.status, 0, `dagster2mage migrate: ${mig.stderr}`);
    const want = walk(path.join(cli, out));
    const got = walk(path.join(ws, out));
    delete got[path.join('.dagster2mage', 'report.json')];
    // Both record what they migrated, so those constructs stop counting as pending; the
    // records are compared with the other files.
    assert.ok(got[path.join('.dagster2mage', 'migrated.json')] > 0, 'no .dagster2mage/migrated.json after the migration');
    assert.deepEqual(Object.keys(got).sort(), Object.keys(want).sort(), 'the same files as the CLI');
    for (const p of Object.keys(want)) {
      assert.equal(fs.readFileSync(path.join(ws, out, p), 'utf8'), fs.readFileSync(path.join(cli, out, p), 'utf8'), `${p}: VS Code vs CLI`);
    }
    assert.equal(fs.readFileSync(path.join(ws, 'shop', 'assets.py'), 'utf8'), fs.readFileSync(path.join(repoRoot, 'e2e', 'testdata', 'shop', 'shop', 'assets.py'), 'utf8'), 'the user file changed');
    // Nothing left unsaved: the files are on disk, not only in editors.
    const dirty = await page.locator('.tab.dirty').allInnerTexts();
    assert.deepEqual(dirty, [], `unsaved editors left: ${dirty}`);
    assert.ok(afterFix, 'quick fix step ran first');
    // The status bar counts what is left: the migrated constructs of the open file no longer.
    const statusText = await until('the status bar count to drop after the migration', async () => {
      const s = await page.locator('.statusbar-item', { hasText: /constructs? to migrate/ }).first().innerText();
      const m = s.match(/(\d+) Dagster constructs? to migrate, (\d+) migrated/);
      return m && Number(m[1]) < initialCount && Number(m[1]) + Number(m[2]) === initialCount && m[0];
    });
    afterMigrationCount = statusText;
    await screenshot('status-after-migration');
    // What a person looks at next: the generated block.
    await openFile(path.join(files.meta.split(path.sep)[0], 'transformers', 'clean_users.py'));
    await page.locator('.monaco-editor .view-line', { hasText: '@transformer' }).first().waitFor({ timeout: STEP });
    await screenshot('generated-block');
  });

  step('"Restart server" starts the bundled binary again and the findings come back', async () => {
    const logFile = () => {
      const found = [];
      const visit = (d) => {
        for (const e of fs.existsSync(d) ? fs.readdirSync(d, { withFileTypes: true }) : []) {
          const p = path.join(d, e.name);
          if (e.isDirectory()) visit(p);
          else if (e.name === 'Dagster to Mage.log') found.push(p);
        }
      };
      visit(path.join(ud, 'logs'));
      return found[0];
    };
    const starts = () => (fs.readFileSync(logFile(), 'utf8').match(/starting .*dagster2mage lsp \(from bundled\)/g) || []).length;
    assert.equal(starts(), 1, 'the output channel logs the bundled binary (PATH has none)');
    await command('Dagster2Mage: Restart server');
    await until('a second start in the output channel', () => starts() === 2);
    assert.ok(afterMigrationCount !== undefined, 'the migration step ran first');
    // The same count, migrated ones included: the record on disk is read again.
    const status = page.locator('.statusbar-item', { hasText: afterMigrationCount });
    await until('the status bar count after the restart', async () => (await status.count()) > 0);
    await screenshot('restarted');
  });

  step('"Show migration report" opens the report', async () => {
    await command('Dagster2Mage: Show migration report');
    await until('the report in an editor', async () => (await page.locator('.tab.active', { hasText: /report/i }).count()) > 0);
    await screenshot('report');
  });

  step('with no usable binary, a clear message names every place looked at', async () => {
    // The bundled binary is gone, and the user sets dagster2mage.path to a wrong file in the Settings
    // editor; the extension restarts the server when the setting changes.
    fs.renameSync(path.join(installedDir, 'bin', 'dagster2mage'), path.join(installedDir, 'bin', 'dagster2mage.off'));
    await command('Preferences: Open Settings (UI)');
    await page.locator('.settings-editor').waitFor({ state: 'visible', timeout: STEP });
    await page.keyboard.type('dagster2mage.path');
    // The path is a machine setting: in code-server (a remote window) it lives in the Remote tab.
    await page.locator('.settings-editor .settings-tabs-widget .action-label', { hasText: /^Remote/ }).first().click();
    const item = page.locator('.settings-editor .setting-item', { hasText: /Path to the .?dagster2mage.? binary/ }).first();
    await item.waitFor({ state: 'visible', timeout: STEP });
    await item.locator('input').first().fill('/nowhere/dagster2mage');
    await screenshot('settings');
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: /no server binary found/ });
    await until('the error notification', async () => (await toast.count()) > 0);
    const text = await toast.first().innerText();
    await screenshot('no-binary');
    assert.match(text, /dagster2mage\.path/);
    assert.match(text, /\/nowhere\/dagster2mage/);
    assert.match(text, /bundled/);
    assert.match(text, /PATH/);
    assert.ok(await page.locator('.notifications-toasts', { hasText: /which is not an executable file/ }).count() > 0, 'the wrong setting is reported');
  });
});
