// VS Code client of the dagster2mage language server: starts `dagster2mage lsp` for Python files of
// workspaces that use Dagster, forwards the settings, and adds palette commands and a status bar item.
import * as os from 'os';
import * as vscode from 'vscode';
import {
  ApplyWorkspaceEditParams,
  ApplyWorkspaceEditRequest,
  ApplyWorkspaceEditResult,
  ExecuteCommandRequest,
  TextDocumentEdit,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  State,
} from 'vscode-languageclient/node';
import { importsDagster, resolveServer, serverSettings, usesDagster } from './serverPath';

const SECTION = 'dagster2mage';
const SOURCE = 'dagster2mage';
let client: LanguageClient | undefined;
let starting: Promise<void> | undefined;
let output: vscode.LogOutputChannel;
let status: vscode.StatusBarItem;
let extensionPath = '';

function sectionFor(scope?: vscode.Uri): Record<string, unknown> {
  const cfg = vscode.workspace.getConfiguration(SECTION, scope);
  const keys = ['out', 'projectName', 'pipelineStrategy', 'select', 'ignore', 'exclude', 'workspaceDiagnostics'];
  const raw: Record<string, unknown> = {};
  for (const k of keys) {
    raw[k] = cfg.get(k);
  }
  return serverSettings(raw);
}

function dagsterWorkspace(): boolean {
  for (const f of vscode.workspace.workspaceFolders ?? []) {
    if (f.uri.scheme === 'file' && usesDagster(f.uri.fsPath)) {
      return true;
    }
  }
  return vscode.workspace.textDocuments.some((d) => d.languageId === 'python' && importsDagster(d.getText()));
}

async function start(): Promise<void> {
  if (client) {
    return;
  }
  if (starting) {
    return starting;
  }
  starting = startClient().finally(() => {
    starting = undefined;
  });
  return starting;
}

async function startClient(): Promise<void> {
  const resolved = resolveServer({
    setting: vscode.workspace.getConfiguration(SECTION).get<string>('path'),
    extensionPath,
    envPath: process.env.PATH,
    homedir: os.homedir(),
  });
  for (const w of resolved.warnings) {
    output.warn(w);
    void vscode.window.showWarningMessage(w);
  }
  if (!resolved.ok) {
    output.error(resolved.message);
    status.text = '$(error) Dagster2Mage';
    status.tooltip = resolved.message;
    status.show();
    const choice = await vscode.window.showErrorMessage(resolved.message, 'Open Settings');
    if (choice === 'Open Settings') {
      await vscode.commands.executeCommand('workbench.action.openSettings', 'dagster2mage.path');
    }
    return;
  }
  output.info(`starting ${resolved.path} lsp (from ${resolved.source})`);
  const serverOptions: ServerOptions = { command: resolved.path, args: ['lsp'] };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: 'python' }],
    diagnosticCollectionName: SOURCE,
    outputChannel: output,
    initializationOptions: sectionFor(vscode.workspace.workspaceFolders?.[0]?.uri),
    synchronize: {
      configurationSection: SECTION,
      fileEvents: [
        vscode.workspace.createFileSystemWatcher('**/*.py'),
        vscode.workspace.createFileSystemWatcher('**/pyproject.toml'),
      ],
    },
    middleware: {
      workspace: {
        // Answer workspace/configuration with what the server understands, per folder.
        configuration: async (params, token, next) => {
          const result = await next(params, token);
          if (!Array.isArray(result)) {
            return result;
          }
          return result.map((r, i) => (params.items[i]?.section === SECTION ? serverSettings(r) : r));
        },
      },
    },
  };
  const c = new LanguageClient(SECTION, 'Dagster to Mage', serverOptions, clientOptions);
  c.onDidChangeState((e) => {
    if (e.newState === State.Stopped) {
      status.text = '$(debug-disconnect) Dagster2Mage';
      status.tooltip = 'The dagster2mage server is stopped. Click to restart.';
      status.command = 'dagster2mage.cmd.restartServer';
    } else if (e.newState === State.Running) {
      status.command = 'dagster2mage.cmd.showReport';
      updateStatus();
    }
  });
  client = c;
  try {
    await c.start();
    c.onRequest(ApplyWorkspaceEditRequest.type, (params) => applyServerEdit(c, params));
  } catch (err) {
    client = undefined;
    const msg = `dagster2mage: the server failed to start (${resolved.path}): ${String(err)}`;
    output.error(msg);
    void vscode.window.showErrorMessage(msg);
    return;
  }
  updateStatus();
}

/**
 * applyServerEdit serves workspace/applyEdit (the migrate commands) in place of the client library's
 * handler, which leaves every file it touches unsaved: the edit is applied as a refactoring (so
 * files.refactoring.autoSave applies, as for quick fixes), and files that were not open before are
 * saved, so the Mage project lands on disk. Open documents keep VS Code's usual behaviour.
 */
async function applyServerEdit(c: LanguageClient, params: ApplyWorkspaceEditParams): Promise<ApplyWorkspaceEditResult> {
  const open = new Map(vscode.workspace.textDocuments.map((d) => [d.uri.toString(), d]));
  for (const change of params.edit.documentChanges ?? []) {
    if (TextDocumentEdit.is(change) && typeof change.textDocument.version === 'number') {
      const doc = open.get(c.protocol2CodeConverter.asUri(change.textDocument.uri).toString());
      if (doc && doc.version !== change.textDocument.version) {
        return { applied: false, failureReason: `${doc.uri.fsPath} changed since the server computed the edit` };
      }
    }
  }
  const edit = await c.protocol2CodeConverter.asWorkspaceEdit(params.edit);
  const applied = await vscode.workspace.applyEdit(edit, { isRefactoring: true });
  if (applied) {
    const touched = new Set(edit.entries().map(([uri]) => uri.toString()));
    for (const doc of vscode.workspace.textDocuments) {
      if (touched.has(doc.uri.toString()) && !open.has(doc.uri.toString()) && doc.isDirty) {
        await doc.save();
      }
    }
  }
  return { applied };
}

async function stop(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) {
    try {
      await c.stop();
    } catch (err) {
      output.warn(`stopping the server: ${String(err)}`);
    }
  }
}

// Counts the constructs still to migrate, and those an editor action already migrated (the
// server marks their diagnostics with data.migrated = "migrated" while the Dagster code is
// unchanged since; "changed" ones are pending again).
function constructsLeft(): { left: number; migrated: number } {
  let left = 0;
  let migrated = 0;
  client?.diagnostics?.forEach((_uri, diags) => {
    for (const d of diags) {
      const code = typeof d.code === 'object' && d.code ? d.code.value : d.code;
      if (d.source !== SOURCE || !/^DM\d+$/.test(String(code))) {
        continue;
      }
      if ((d as { data?: { migrated?: string } }).data?.migrated === 'migrated') {
        migrated++;
      } else {
        left++;
      }
    }
  });
  return { left, migrated };
}

function updateStatus(): void {
  if (!client || client.state !== State.Running) {
    return;
  }
  const { left: n, migrated } = constructsLeft();
  status.text = `$(arrow-swap) ${n} Dagster ${n === 1 ? 'construct' : 'constructs'} to migrate${migrated > 0 ? `, ${migrated} migrated` : ''}`;
  const done = migrated > 0 ? ` ${migrated} already migrated (unchanged since).` : '';
  status.tooltip = `Dagster to Mage: ${n} construct${n === 1 ? '' : 's'} with a Mage equivalent or a note in the files analysed.${done} Click for the migration report.`;
  status.command = 'dagster2mage.cmd.showReport';
  status.show();
}

async function runServerCommand(command: string, args: unknown[]): Promise<unknown> {
  await start();
  if (!client) {
    return undefined;
  }
  try {
    const result = await client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args });
    // The server shows its own summary (window/showMessage); the log keeps the details.
    output.info(`${command}: ${JSON.stringify(result)}`);
    return result;
  } catch (err) {
    const msg = `dagster2mage: ${command} failed: ${err instanceof Error ? err.message : String(err)}`;
    output.error(msg);
    void vscode.window.showErrorMessage(msg);
    return undefined;
  }
}

function currentFolder(): vscode.WorkspaceFolder | undefined {
  const doc = vscode.window.activeTextEditor?.document;
  return (doc && vscode.workspace.getWorkspaceFolder(doc.uri)) ?? vscode.workspace.workspaceFolders?.[0];
}

let lastReport: vscode.Uri | undefined;
let restartTimer: ReturnType<typeof setTimeout> | undefined;

function reportFrom(result: unknown): vscode.Uri | undefined {
  if (result && typeof result === 'object') {
    const r = result as Record<string, unknown>;
    for (const key of ['report', 'reportUri', 'reportPath']) {
      const v = r[key];
      if (typeof v === 'string' && v) {
        return v.includes('://') ? vscode.Uri.parse(v) : vscode.Uri.file(v);
      }
    }
  }
  return undefined;
}

async function migrateWorkspace(): Promise<void> {
  const folder = currentFolder();
  const result = await runServerCommand('dagster2mage.migrateWorkspace', folder ? [{ folder: folder.uri.toString() }] : []);
  lastReport = reportFrom(result) ?? lastReport;
}

async function migrateFile(): Promise<void> {
  const doc = vscode.window.activeTextEditor?.document;
  if (!doc || doc.languageId !== 'python') {
    void vscode.window.showWarningMessage('dagster2mage: open a Python file to migrate it.');
    return;
  }
  const result = await runServerCommand('dagster2mage.migrateFile', [doc.uri.toString()]);
  lastReport = reportFrom(result) ?? lastReport;
}

async function showReport(): Promise<void> {
  let uri = lastReport;
  if (!uri) {
    // migrate writes <folder>/<out>/.dagster2mage/report.json
    const found = await vscode.workspace.findFiles('**/.dagster2mage/report.json', '**/node_modules/**', 5);
    uri = found[0];
  }
  if (!uri) {
    void vscode.window.showInformationMessage(
      'dagster2mage: no migration report yet. Run "Dagster2Mage: Migrate workspace to Mage" first.',
    );
    return;
  }
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc, { preview: false });
}

async function restartServer(): Promise<void> {
  output.info('restarting the server');
  await stop();
  await start();
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  extensionPath = context.extensionPath;
  output = vscode.window.createOutputChannel('Dagster to Mage', { log: true });
  status = vscode.window.createStatusBarItem('dagster2mage.status', vscode.StatusBarAlignment.Left, 10);
  status.name = 'Dagster to Mage';
  context.subscriptions.push(
    output,
    status,
    vscode.commands.registerCommand('dagster2mage.cmd.migrateWorkspace', migrateWorkspace),
    vscode.commands.registerCommand('dagster2mage.cmd.migrateFile', migrateFile),
    vscode.commands.registerCommand('dagster2mage.cmd.showReport', showReport),
    vscode.commands.registerCommand('dagster2mage.cmd.restartServer', restartServer),
    vscode.languages.onDidChangeDiagnostics(updateStatus),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('dagster2mage.path')) {
        // The Settings editor saves while the user types: restart once they pause.
        clearTimeout(restartTimer);
        restartTimer = setTimeout(() => void restartServer(), 600);
      }
    }),
    vscode.workspace.onDidOpenTextDocument((doc) => {
      if (!client && doc.languageId === 'python' && importsDagster(doc.getText())) {
        void start();
      }
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => {
      if (!client && dagsterWorkspace()) {
        void start();
      }
    }),
  );
  if (dagsterWorkspace()) {
    await start();
  } else {
    output.info('no Dagster project in this workspace yet; the server starts when a Python file imports dagster');
  }
}

export async function deactivate(): Promise<void> {
  await stop();
}
