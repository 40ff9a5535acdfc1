// Finding the dagster2mage binary, telling whether a folder uses Dagster, and shaping the settings
// sent to the server. No `vscode` import, so the unit tests run under plain Node.
import * as fs from 'fs';
import * as path from 'path';

export type Resolved =
  | { ok: true; path: string; source: 'setting' | 'bundled' | 'PATH'; warnings: string[] }
  | { ok: false; message: string; warnings: string[] };

function isExecutable(p: string): boolean {
  try {
    const st = fs.statSync(p);
    if (!st.isFile()) {
      return false;
    }
    fs.accessSync(p, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string, envPath: string | undefined): string | undefined {
  for (const dir of (envPath ?? '').split(path.delimiter)) {
    if (!dir) {
      continue;
    }
    const candidate = path.join(dir, name);
    if (isExecutable(candidate)) {
      return candidate;
    }
  }
  return undefined;
}

/**
 * resolveServer picks the server binary: the `dagster2mage.path` setting, else the binary bundled in
 * the extension's `bin/`, else `dagster2mage` on PATH. A setting that does not point at an executable
 * is reported (and the next candidate tried), so a typo never fails silently.
 */
export function resolveServer(opts: {
  setting: string | undefined;
  extensionPath: string;
  envPath: string | undefined;
  platform?: string;
  homedir?: string;
}): Resolved {
  const warnings: string[] = [];
  const exe = (opts.platform ?? process.platform) === 'win32' ? 'dagster2mage.exe' : 'dagster2mage';
  let setting = (opts.setting ?? '').trim();
  if (setting.startsWith('~/') && opts.homedir) {
    setting = path.join(opts.homedir, setting.slice(2));
  }
  if (setting) {
    if (isExecutable(setting)) {
      return { ok: true, path: setting, source: 'setting', warnings };
    }
    const found = !path.isAbsolute(setting) && !setting.includes(path.sep) ? onPath(setting, opts.envPath) : undefined;
    if (found) {
      return { ok: true, path: found, source: 'setting', warnings };
    }
    warnings.push(`dagster2mage.path is set to "${setting}", which is not an executable file; trying the bundled binary and PATH instead.`);
  }
  const bundled = path.join(opts.extensionPath, 'bin', exe);
  if (isExecutable(bundled)) {
    return { ok: true, path: bundled, source: 'bundled', warnings };
  }
  const fromPath = onPath(exe, opts.envPath);
  if (fromPath) {
    return { ok: true, path: fromPath, source: 'PATH', warnings };
  }
  return {
    ok: false,
    warnings,
    message:
      'dagster2mage: no server binary found. Looked at the "dagster2mage.path" setting' +
      (setting ? ` ("${setting}")` : ' (not set)') +
      `, the bundled ${bundled}, and "${exe}" on PATH. Install dagster2mage or set "dagster2mage.path".`,
  };
}

const dagsterRef = /(^|[^\w])dagster([^\w]|$)/m;
const dagsterImport = /^\s*(from\s+dagster[\w.]*\s+import|import\s+dagster)/m;

/** Files whose content says a project depends on Dagster. */
export const projectFiles = ['pyproject.toml', 'setup.py', 'setup.cfg', 'requirements.txt', 'Pipfile'];
/** Files whose mere presence says the folder is a Dagster project. */
export const markerFiles = ['workspace.yaml', 'dagster.yaml'];

/** usesDagster is the cheap check made before starting the server for a workspace folder. */
export function usesDagster(folder: string): boolean {
  for (const f of markerFiles) {
    if (fs.existsSync(path.join(folder, f))) {
      return true;
    }
  }
  for (const f of projectFiles) {
    try {
      const text = fs.readFileSync(path.join(folder, f), 'utf8');
      if (dagsterRef.test(text)) {
        return true;
      }
    } catch {
      // absent or unreadable: not evidence either way
    }
  }
  return false;
}

/** importsDagster tells whether Python source text imports Dagster. */
export function importsDagster(text: string): boolean {
  return dagsterImport.test(text);
}

// Settings of the client only; the rest of the "dagster2mage" section goes to the server.
const CLIENT_ONLY = new Set(['path', 'trace']);

/** serverSettings is the "dagster2mage" section without client-only keys and unset values (empty
 * strings and lists), so that unset settings leave [tool.dagster2mage] in pyproject.toml in force. */
export function serverSettings(raw: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!raw || typeof raw !== 'object') {
    return out;
  }
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (CLIENT_ONLY.has(k) || v === null || v === undefined || v === '') {
      continue;
    }
    if (Array.isArray(v) && v.length === 0) {
      continue;
    }
    out[k] = v;
  }
  return out;
}
