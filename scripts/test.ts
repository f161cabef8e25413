// `npm test`: every suite in order: unit (plain Node), host (inside a real VS Code), e2e (real VS Code
// in headless Chromium). `npm test -- unit` (or host, e2e) runs one. Each suite ends with a plain
// `N passed, N failed` line, and the run ends with the totals.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

interface SuiteResult {
  name: string;
  passed: number;
  failed: number;
}

const root = join(__dirname, '..');
const resultsDir = join(root, 'test-results');

function findFiles(dir: string, suffix: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...findFiles(full, suffix));
    else if (entry.endsWith(suffix)) out.push(full);
  }
  return out.sort();
}

function runUnit(filter?: string): SuiteResult {
  const files = findFiles(join(root, 'test', 'unit'), '.spec.ts').filter((f) => !filter || f.includes(filter));
  const tap = join(resultsDir, 'unit.tap');
  const result = spawnSync(
    process.execPath,
    [
      '--import', 'tsx',
      '--test', '--test-concurrency=2',
      '--test-reporter=spec', '--test-reporter-destination=stdout',
      '--test-reporter=tap', `--test-reporter-destination=${tap}`,
      ...files.map((f) => relative(root, f)),
    ],
    { cwd: root, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' } },
  );
  const text = readFileSync(tap, 'utf8');
  const count = (label: string) => Number(new RegExp(`^# ${label} (\\d+)$`, "m").exec(text)?.[1] ?? 0);
  const passed = count('pass');
  const failed = count('fail') + (result.status !== 0 && count('fail') === 0 ? 1 : 0);
  return { name: 'unit', passed, failed };
}

const suites: Record<string, (filter?: string) => SuiteResult> = { unit: runUnit };

function main(): void {
  mkdirSync(resultsDir, { recursive: true });
  const [only, filter] = process.argv.slice(2);
  const names = only ? [only] : Object.keys(suites);
  const results: SuiteResult[] = [];
  for (const name of names) {
    const suite = suites[name];
    if (!suite) throw new Error(`Unknown suite "${name}". Suites: ${Object.keys(suites).join(', ')}`);
    const r = suite(filter);
    console.log(`\n${r.name}: ${r.passed} passed, ${r.failed} failed`);
    results.push(r);
  }
  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  console.log(`\n${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
}

main();
