// Bundles the extension (and with --tests the unit tests) with esbuild: one CommonJS file for
// VS Code's Node extension host, `vscode` left to the host.
import { build } from 'esbuild';
import { readdirSync } from 'fs';
import { dirname, join } from 'path';
import { fileURLToPath } from 'url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node18', external: ['vscode'], logLevel: 'warning' };

await build({
  ...common,
  entryPoints: [join(root, 'src', 'extension.ts')],
  outfile: join(root, 'dist', 'extension.js'),
  sourcemap: false,
  minify: true,
});

if (process.argv.includes('--tests')) {
  const dir = join(root, 'test', 'unit');
  await build({
    ...common,
    entryPoints: readdirSync(dir).filter((f) => f.endsWith('.test.ts')).map((f) => join(dir, f)),
    outdir: join(root, 'out', 'test', 'unit'),
  });
}
