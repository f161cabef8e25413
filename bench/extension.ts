// Extension figures: activate() time (logged by the extension itself), engine worker start, time from
// the view's first paint to "Engine ready" (worker start + first request), bundle and .vsix sizes. Each run is a fresh
// code-server with the packaged .vsix, driven in headless Chromium.
// Usage: tsx bench/extension.ts [--runs N]
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Workbench } from '../test/e2e/workbench';
import { launchBrowser } from '../test/harness/browser';
import { startCodeServer } from '../test/harness/codeServer';
import { repoRoot } from '../test/harness/vscodeTestEnv';
import { median, percentile, printTable } from './stats';

const runsFlag = process.argv.indexOf('--runs');
const runs = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 5;
const { name, version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { name: string; version: string };
const vsix = join(repoRoot, `${name}-${version}.vsix`);

interface Sample {
  /** The extension's own activate(), as it logs it. */
  activateMs: number;
  /** new Worker() until the worker thread is online, as the host logs it. */
  workerOnlineMs: number;
  /** From the view's first paint (initial state embedded in the HTML) to "Engine ready" in it. */
  viewReadyMs: number;
}

function findFile(dir: string, fileName: string): string | undefined {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      const hit = findFile(full, fileName);
      if (hit) return hit;
    } else if (entry.name === fileName) return full;
  }
  return undefined;
}

async function oneRun(): Promise<Sample> {
  const scratch = mkdtempSync(join(tmpdir(), 'mh-bench-ext-'));
  cpSync(join(repoRoot, 'test', 'fixtures', 'sample-workspace'), join(scratch, 'ws'), { recursive: true });
  const server = await startCodeServer({ install: [vsix], workspace: join(scratch, 'ws'), env: { MH_PROFILE: join(scratch, 'profile') } });
  const browser = await launchBrowser();
  try {
    const workbench = new Workbench(browser.page);
    await workbench.open(server.workbenchUrl());
    await workbench.openActivity('MetaHuman');
    const status = workbench.webview().locator('#engine-status');
    await status.waitFor({ timeout: 60_000 });
    const painted = performance.now();
    await status.filter({ hasText: 'Engine ready' }).waitFor({ timeout: 60_000 });
    const viewReadyMs = performance.now() - painted;
    const log = findFile(join(server.dir, 'user-data', 'logs'), 'MetaHuman.log');
    const text = log ? readFileSync(log, 'utf8') : '';
    const figure = (pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? Number.NaN);
    return { activateMs: figure(/activated in ([\d.]+) ms/), workerOnlineMs: figure(/worker online in ([\d.]+) ms/), viewReadyMs };
  } finally {
    await browser.close();
    server.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  execFileSync(process.execPath, [join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/package.ts'], { cwd: repoRoot, stdio: 'ignore' });
  const samples: Sample[] = [];
  for (let i = 0; i < runs; i++) samples.push(await oneRun());
  const row = (label: string, values: number[]) => [label, ...[median(values), percentile(values, 95), Math.min(...values), Math.max(...values)].map((v) => v.toFixed(1))];
  console.log(`\nExtension in code-server ${JSON.parse(readFileSync(join(repoRoot, '.vscode-test', 'env.json'), 'utf8')).version as string}, ${runs} fresh starts\n`);
  printTable(['measure', 'median ms', 'p95 ms', 'min ms', 'max ms'], [
    row('activate()', samples.map((s) => s.activateMs)),
    row('engine worker start', samples.map((s) => s.workerOnlineMs)),
    row('view painted → "Engine ready"', samples.map((s) => s.viewReadyMs)),
  ]);
  const kib = (file: string) => (statSync(file).size / 1024).toFixed(1);
  console.log('');
  printTable(['artifact (production)', 'KiB'], [
    ['dist/host.js (extension host)', kib(join(repoRoot, 'dist', 'host.js'))],
    ['dist/engine.js (engine worker)', kib(join(repoRoot, 'dist', 'engine.js'))],
    ['dist/mh.js (CLI)', kib(join(repoRoot, 'dist', 'mh.js'))],
    ...readdirSync(join(repoRoot, 'dist', 'webview')).filter((f) => f.endsWith('.js')).map((f) => [`dist/webview/${f}`, kib(join(repoRoot, 'dist', 'webview', f))]),
    [`${name}-${version}.vsix`, kib(vsix)],
  ]);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
