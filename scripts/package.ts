// `npm run package`: a production build, then a .vsix holding only what the extension needs.
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..');
const { name, version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string };
const vsix = join(root, `${name}-${version}.vsix`);

execFileSync(process.execPath, [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/build.ts', '--production'], { cwd: root, stdio: 'inherit' });
// Everything is bundled into dist/, so the .vsix carries no node_modules.
execFileSync(process.execPath, [join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--skip-license', '--out', vsix], {
  cwd: root,
  stdio: 'inherit',
});
console.log(`[package] ${vsix} ${(statSync(vsix).size / 1024).toFixed(1)} KiB`);
