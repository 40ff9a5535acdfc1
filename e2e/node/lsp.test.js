// Drives the real `dagster2mage lsp` binary over stdio with vscode-jsonrpc and
// vscode-languageserver-protocol, the libraries VS Code's language client is built on.
// Run: D2M_BIN=/path/to/dagster2mage node --test
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const cp = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL, fileURLToPath } = require('node:url');
const {
  createProtocolConnection, StreamMessageReader, StreamMessageWriter, CancellationTokenSource,
  InitializeRequest, InitializedNotification, ShutdownRequest, ExitNotification,
  DidOpenTextDocumentNotification, DidChangeTextDocumentNotification, PublishDiagnosticsNotification,
  HoverRequest, CodeActionRequest, CodeActionResolveRequest, ExecuteCommandRequest,
  ApplyWorkspaceEditRequest, WorkDoneProgressCreateRequest, ShowMessageNotification,
  ConfigurationRequest, RegistrationRequest, LogMessageNotification, ErrorCodes,
} = require('vscode-languageserver-protocol/node');

const BIN = process.env.D2M_BIN || path.resolve(__dirname, '../../bin/dagster2mage');
const FIXTURES = path.join(__dirname, '..', '..', 'server', 'testdata', 'shop'); // shared with the Go tests

// A VS Code-shaped capability set (LSP 3.17, UTF-16).
const capabilities = {
  general: { positionEncodings: ['utf-16'] },
  window: { workDoneProgress: true, showMessage: {}, showDocument: { support: true } },
  workspace: {
    applyEdit: true, configuration: true, workspaceFolders: true,
    workspaceEdit: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'], failureHandling: 'textOnlyTransactional', changeAnnotationSupport: { groupsOnLabel: true } },
    didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true },
    didChangeConfiguration: { dynamicRegistration: true },
    executeCommand: { dynamicRegistration: true },
  },
  textDocument: {
    synchronization: { dynamicRegistration: true, didSave: true },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
    codeAction: {
      dataSupport: true, isPreferredSupport: true, resolveSupport: { properties: ['edit'] },
      codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'source', 'source.organizeImports'] } },
    },
    semanticTokens: { requests: { full: { delta: true } }, tokenTypes: [], tokenModifiers: [], formats: ['relative'] },
    diagnostic: { dynamicRegistration: true, relatedDocumentSupport: false },
    inlayHint: { dynamicRegistration: true },
  },
};

let ws, proc, conn, stderr = '';
const tmpDirs = [];
const diags = new Map(); // uri -> list of publishDiagnostics params, in arrival order
const waiters = [];
const progress = [];
const messages = [];
const logs = [];
const docs = new Map(); // uri -> {text, version} for files the test opened

function notifyWaiters() {
  for (const w of waiters.splice(0)) { if (!w()) waiters.push(w); }
}

// waitFor resolves when pred() is truthy, re-checking on every message from the server.
function waitFor(what, pred, ms = 15000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}\n${stderr}`)), ms);
    const check = () => { const v = pred(); if (v) { clearTimeout(timer); resolve(v); return true; } return false; };
    if (!check()) waiters.push(check);
  });
}

function diagnosticsAt(uri, version) {
  return waitFor(`diagnostics for ${path.basename(uri)} v${version}`, () =>
    (diags.get(uri) || []).find((p) => p.version === version));
}

// offsetAt converts an LSP position: JS strings are UTF-16, so `character` is a string index.
function offsetAt(text, pos) {
  let off = 0;
  for (let i = 0; i < pos.line; i++) off = text.indexOf('\n', off) + 1;
  return off + pos.character;
}

function applyTextEdits(text, edits) {
  const sorted = [...edits].sort((a, b) => offsetAt(text, b.range.start) - offsetAt(text, a.range.start));
  for (const e of sorted) text = text.slice(0, offsetAt(text, e.range.start)) + e.newText + text.slice(offsetAt(text, e.range.end));
  return text;
}

// applyEdit applies a workspace edit with VS Code's semantics, except that a CreateFile
// whose folder is missing fails (as in Neovim 0.7), to prove the server created it.
function applyEdit(edit) {
  const used = new Set();
  for (const ch of edit.documentChanges || []) {
    if (ch.kind === 'create') {
      const p = fileURLToPath(ch.uri);
      if (!fs.existsSync(path.dirname(p))) throw new Error(`parent folder of ${p} missing`);
      if (fs.existsSync(p) && !(ch.options && ch.options.overwrite)) throw new Error(`${p} exists`);
      fs.writeFileSync(p, '');
    } else if (ch.kind) {
      throw new Error(`unexpected resource operation ${ch.kind}`);
    } else {
      const p = fileURLToPath(ch.textDocument.uri);
      const open = docs.get(ch.textDocument.uri);
      if (ch.textDocument.version !== null && open && open.version !== ch.textDocument.version) throw new Error('stale version');
      for (const e of ch.edits) if (e.annotationId) used.add(e.annotationId);
      fs.writeFileSync(p, applyTextEdits(fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : '', ch.edits));
    }
  }
  for (const [uri, edits] of Object.entries(edit.changes || {})) {
    const p = fileURLToPath(uri);
    fs.writeFileSync(p, applyTextEdits(fs.readFileSync(p, 'utf8'), edits));
  }
  for (const id of used) assert.ok(edit.changeAnnotations && edit.changeAnnotations[id], `annotation ${id} declared`);
  return used;
}

before(async () => {
  assert.ok(fs.existsSync(BIN), `binary ${BIN} (set D2M_BIN)`);
  ws = fs.mkdtempSync(path.join(os.tmpdir(), 'd2m-node-'));
  tmpDirs.push(ws);
  for (const f of fs.readdirSync(FIXTURES)) fs.copyFileSync(path.join(FIXTURES, f), path.join(ws, f));
  proc = cp.spawn(BIN, ['lsp', '--stdio', '--cross-file-delay', '30ms', '--preview-budget', '30s'], { stdio: ['pipe', 'pipe', 'pipe'] });
  proc.stderr.on('data', (d) => { stderr += d; });
  conn = createProtocolConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
    if (!diags.has(p.uri)) diags.set(p.uri, []);
    diags.get(p.uri).push(p);
    notifyWaiters();
  });
  conn.onNotification('$/progress', (p) => { progress.push(p); notifyWaiters(); });
  conn.onNotification(ShowMessageNotification.type, (p) => { messages.push(p); notifyWaiters(); });
  conn.onNotification(LogMessageNotification.type, (p) => { logs.push(p); });
  conn.onRequest(WorkDoneProgressCreateRequest.type, () => null);
  conn.onRequest(RegistrationRequest.type, () => null);
  conn.onRequest(ConfigurationRequest.type, (p) => p.items.map(() => ({})));
  conn.onRequest(ApplyWorkspaceEditRequest.type, (p) => {
    try { applyEdit(p.edit); return { applied: true }; } catch (e) { return { applied: false, failureReason: String(e) }; }
  });
  conn.listen();
  const uri = pathToFileURL(ws).href;
  const res = await conn.sendRequest(InitializeRequest.type, {
    processId: process.pid, rootUri: uri, workspaceFolders: [{ uri, name: 'shop' }], capabilities,
    clientInfo: { name: 'node-test' }, initializationOptions: { rulesURL: 'https://example.test/rules#{code}' },
  });
  assert.equal(res.capabilities.positionEncoding, 'utf-16');
  assert.equal(res.capabilities.textDocumentSync.change, 2);
  assert.ok(res.capabilities.codeActionProvider.resolveProvider);
  assert.deepEqual(res.capabilities.executeCommandProvider.commands.sort(),
    ['dagster2mage.convert', 'dagster2mage.migrateFile', 'dagster2mage.migrateWorkspace']);
  await conn.sendNotification(InitializedNotification.type, {});
});

after(async () => {
  if (!conn) return;
  const exited = new Promise((resolve) => proc.on('exit', (code) => resolve(code)));
  await conn.sendRequest(ShutdownRequest.type);
  await conn.sendNotification(ExitNotification.type);
  assert.equal(await exited, 0, 'exit code after shutdown');
  conn.dispose();
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

function open(name, version = 1) {
  const p = path.join(ws, name);
  const uri = pathToFileURL(p).href;
  const text = fs.readFileSync(p, 'utf8');
  docs.set(uri, { text, version });
  conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'python', version, text } });
  return uri;
}

function change(uri, version, changes) {
  const d = docs.get(uri);
  for (const c of changes) d.text = c.range ? applyTextEdits(d.text, [{ range: c.range, newText: c.text }]) : c.text;
  d.version = version;
  conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
}

const rangeOf = (line, from, to) => ({ start: { line, character: from }, end: { line, character: to } });
const lineIndex = (text, s) => text.split('\n').findIndex((l) => l.includes(s));

test('diagnostics on open: codes, links, UTF-16 columns after emoji and CJK', async () => {
  const uri = open('assets.py', 0);
  const p = await diagnosticsAt(uri, 0);
  const text = docs.get(uri).text;
  assert.ok(p.diagnostics.length >= 8, JSON.stringify(p));
  for (const d of p.diagnostics) {
    assert.equal(d.source, 'dagster2mage');
    assert.match(d.code, /^DM\d{3}$/);
    assert.equal(d.codeDescription.href, `https://example.test/rules#${d.code.toLowerCase()}`);
    assert.ok([3, 4].includes(d.severity));
    const covered = text.slice(offsetAt(text, d.range.start), offsetAt(text, d.range.end));
    assert.ok(covered.includes(d.data.construct), `${d.code} covers ${JSON.stringify(covered)}`);
  }
  const emoji = p.diagnostics.find((d) => text.split('\n')[d.range.start.line].includes('🐍') && d.range.start.character > 0);
  assert.ok(emoji, 'a diagnostic after emoji/CJK on its line');
  const line = text.split('\n')[emoji.range.start.line];
  assert.equal(emoji.range.start.character, line.indexOf('define_asset_job'));
  assert.ok(p.diagnostics.some((d) => (d.relatedInformation || []).length > 0), 'related information');
});

test('incremental edits: at (0,0), several in one notification, full replacement', async () => {
  const uri = open('jobs.py', 1);
  await diagnosticsAt(uri, 1);
  change(uri, 2, [{ range: rangeOf(0, 0, 0), text: '# 🐍 top\n' }]);
  await diagnosticsAt(uri, 2);
  const t = docs.get(uri).text;
  const l = lineIndex(t, 'orders_job =');
  change(uri, 5, [
    { range: rangeOf(0, 2, 4), text: '日本' }, // replace the emoji (2 UTF-16 units) and a space
    { range: rangeOf(l, 0, 10), text: 'daily_job' },
  ]);
  let p = await diagnosticsAt(uri, 5);
  assert.ok(p.diagnostics.some((d) => d.data.name === 'orders_job'), 'the job is still recognized');
  const whole = 'from dagster import asset\n\n@asset\ndef orders():\n    return []\n';
  change(uri, 6, [{ text: whole }]);
  p = await diagnosticsAt(uri, 6);
  assert.deepEqual(p.diagnostics.map((d) => d.code), ['DM101']);
  assert.equal(p.diagnostics[0].range.start.line, 2);
});

test('hover shows the Mage equivalent, a preview and the differences', async () => {
  const uri = pathToFileURL(path.join(ws, 'assets.py')).href;
  const text = docs.get(uri).text;
  const line = lineIndex(text, 'def clean_users');
  const h = await conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line, character: 6 } });
  assert.equal(h.contents.kind, 'markdown');
  assert.match(h.contents.value, /\*\*@asset `clean_users`\*\*/);
  assert.match(h.contents.value, /Would write\*\* `transformers\/clean_users.py`/);
  assert.match(h.contents.value, /What behaves differently/);
});

test('quick fix resolved lazily, its files created', async () => {
  const uri = pathToFileURL(path.join(ws, 'assets.py')).href;
  const text = docs.get(uri).text;
  const line = lineIndex(text, 'def raw_users');
  const actions = await conn.sendRequest(CodeActionRequest.type, {
    textDocument: { uri }, range: rangeOf(line, 0, 0), context: { diagnostics: [], triggerKind: 1 },
  });
  const convert = actions.find((a) => a.title === 'Convert asset `raw_users` to a Mage data loader block');
  assert.ok(convert, JSON.stringify(actions.map((a) => a.title)));
  assert.equal(convert.edit, undefined);
  assert.ok(actions.some((a) => a.title === 'Ignore DM101 on this line'));
  const resolved = await conn.sendRequest(CodeActionResolveRequest.type, convert);
  applyEdit(resolved.edit);
  const block = fs.readFileSync(path.join(ws, 'mage_project', 'data_loaders', 'raw_users.py'), 'utf8');
  assert.match(block, /def raw_users/);
});

test('migrate workspace: applyEdit, progress, summary, report', async () => {
  const res = await conn.sendRequest(ExecuteCommandRequest.type, { command: 'dagster2mage.migrateWorkspace', arguments: [], workDoneToken: 'node-mig' });
  assert.ok(res.applied && res.files > 0, JSON.stringify(res));
  const kinds = progress.filter((p) => p.token === 'node-mig').map((p) => p.value.kind);
  assert.equal(kinds[0], 'begin');
  assert.equal(kinds[kinds.length - 1], 'end');
  await waitFor('summary', () => messages.find((m) => m.message.includes('converted')));
  const report = JSON.parse(fs.readFileSync(res.report, 'utf8'));
  assert.equal(report.report.length, res.converted + res.review + res.manual);
  assert.ok(fs.existsSync(path.join(ws, 'mage_project', 'pipelines', 'users_job', 'triggers.yaml')));
});

test('a malformed message gets an error and the server keeps serving', async () => {
  const body = '{"jsonrpc":"2.0","id":999,"method":';
  proc.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  const uri = pathToFileURL(path.join(ws, 'assets.py')).href;
  const h = await conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 0 } });
  assert.ok(h === null || typeof h === 'object');
  assert.match(stderr, /malformed message/);
});

test('cancelling a request with a numeric id answers RequestCancelled', async () => {
  // A folder with many files keeps the scan busy; the migration waits for it and is
  // cancelled meanwhile (vscode-jsonrpc numbers its requests).
  const big = fs.mkdtempSync(path.join(os.tmpdir(), 'd2m-node-big-'));
  tmpDirs.push(big);
  const src = fs.readFileSync(path.join(FIXTURES, 'assets.py'), 'utf8');
  for (let i = 0; i < 3000; i++) fs.writeFileSync(path.join(big, `m${i}.py`), src);
  const uri = pathToFileURL(big).href;
  conn.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [{ uri, name: 'big' }], removed: [] } });
  const cts = new CancellationTokenSource();
  const pending = conn.sendRequest(ExecuteCommandRequest.type, { command: 'dagster2mage.migrateWorkspace', arguments: [{ folder: uri }] }, cts.token);
  setTimeout(() => cts.cancel(), 20);
  await assert.rejects(pending, (e) => e.code === ErrorCodes.RequestCancelled || e.code === -32800);
  assert.ok(!fs.existsSync(path.join(big, 'mage_project')), 'nothing written');
});
