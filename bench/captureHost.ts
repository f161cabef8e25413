// Host-thread cost of capture: 10,000 editor events through the real adapters inside a real VS Code
// extension host (code-server), timed per event against an empty listener in the same process, and
// the records the engine wrote from them. Usage: tsx bench/captureHost.ts
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { runInExtensionHost } from '../test/harness/extensionHostRun';
import { repoRoot } from '../test/harness/vscodeTestEnv';
import { printTable } from './stats';

interface Figures {
  events: number;
  recorded: number;
  adapter: { median: number; p95: number; mean: number };
  baseline: { median: number; p95: number; mean: number };
  written: number;
  batches: number;
  engineMs: number;
}

async function main(): Promise<void> {
  execFileSync(process.execPath, [join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/build.ts'], { cwd: repoRoot, stdio: 'ignore' });
  const outdir = join(repoRoot, 'out', 'bench', 'host');
  await build({ entryPoints: [join(__dirname, 'host', 'captureHostBench.ts')], outdir, bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], logLevel: 'warning' });
  const run = await runInExtensionHost<Figures>({ entry: join(outdir, 'captureHostBench.js'), label: 'bench-capture', timeoutMs: 600_000 });
  const f = run.results;
  if (!f) throw new Error(`the benchmark did not report (exit ${String(run.code)})`);
  const us = (ms: number) => (ms * 1000).toFixed(2);
  console.log(`\nCapture adapters on the extension host thread: ${f.events} editor events (replaying ${f.recorded} real change events, a save every 100)\n`);
  printTable(['handler', 'median µs', 'p95 µs', 'mean µs'], [
    ['file adapter + queue', us(f.adapter.median), us(f.adapter.p95), us(f.adapter.mean)],
    ['empty listener (baseline)', us(f.baseline.median), us(f.baseline.p95), us(f.baseline.mean)],
  ]);
  console.log(`\nratio adapter/baseline (median): ${(f.adapter.median / Math.max(f.baseline.median, 1e-6)).toFixed(1)}×; target: median under 50 µs`);
  console.log(`engine: ${f.batches} batches, ${f.written} records written (bursts and sessions), flush + close ${f.engineMs.toFixed(0)} ms`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
