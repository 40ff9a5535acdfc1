// Builds the platform-specific .vsix (linux-x64) that carries the server binary in bin/.
// The binary comes from $D2M_BIN, else ../../bin/dagster2mage (`make build`).
// Output: $VSIX_OUT, else dist/dagster2mage-linux-x64.vsix. Prints the .vsix path.
import { execFileSync } from 'child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, rmSync } from 'fs';
import { dirname, join, resolve } from 'path';
import { fileURLToPath } from 'url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = process.env.VSIX_TARGET || 'linux-x64';
const binary = resolve(process.env.D2M_BIN || join(root, '..', '..', 'bin', 'dagster2mage'));
if (!existsSync(binary)) {
  console.error(`no server binary at ${binary}: run "make build" first or set D2M_BIN`);
  process.exit(1);
}
execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
rmSync(join(root, 'bin'), { recursive: true, force: true });
mkdirSync(join(root, 'bin'));
copyFileSync(binary, join(root, 'bin', 'dagster2mage'));
chmodSync(join(root, 'bin', 'dagster2mage'), 0o755);
const out = resolve(process.env.VSIX_OUT || join(root, 'dist', `dagster2mage-${target}.vsix`));
mkdirSync(dirname(out), { recursive: true });
execFileSync(
  process.execPath,
  [join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--target', target, '--skip-license', '--allow-missing-repository', '--no-dependencies', '--out', out],
  { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] },
);
console.log(out);
