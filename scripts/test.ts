// `npm test`: every suite in order: checks (tsc, eslint), unit (plain Node), host (inside a real VS Code), e2e (real VS Code
// in headless Chromium). `npm test -- unit` (or checks, host, e2e) runs one. Each suite ends with a plain
// `N passed, N failed` line, and the run ends with the totals. A second argument filters: unit and e2e
// files by path, host tests by title (`npm test -- host Settings`).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, readFileSync, readdirSync, statSync } from 'node:fs';
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

/** Runs node's test runner over files (spec reporter on screen, TAP to count) and reads the counts. */
function runNodeTests(name: string, files: string[], concurrency: number): SuiteResult {
  if (files.length === 0) return { name, passed: 0, failed: 1 };
  // Per run, so concurrent runs (two terminals, helpers) never read each other's counts.
  const tap = join(resultsDir, `${name}.${process.pid}.tap`);
  const result = spawnSync(
    process.execPath,
    [
      '--import', 'tsx',
      '--test', `--test-concurrency=${concurrency}`,
      '--test-reporter=spec', '--test-reporter-destination=stdout',
      '--test-reporter=tap', `--test-reporter-destination=${tap}`,
      ...files.map((f) => relative(root, f)),
    ],
    { cwd: root, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' } },
  );
  const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  if (existsSync(tap)) renameSync(tap, join(resultsDir, `${name}.tap`));
  const count = (label: string) => Number(new RegExp(`^# ${label} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
  const passed = count('pass');
  // A runner that dies before reporting still counts as a failure.
  const failed = count('fail') + count('cancelled') + (result.status !== 0 && count('fail') === 0 ? 1 : 0);
  return { name, passed, failed };
}

/** Runs a project script with tsx; false when it fails. */
function runScript(script: string, ...args: string[]): boolean {
  const tsx = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  return spawnSync(process.execPath, [tsx, script, ...args], { cwd: root, stdio: 'inherit' }).status === 0;
}

/** The type-check and the lint (with the layer rules) are part of the test run: both must be clean. */
function runChecks(): SuiteResult {
  const bin = (pkg: string, file: string) => join(root, 'node_modules', pkg, file);
  const checks: [string, string[]][] = [
    ['typecheck', [bin('typescript', 'bin/tsc'), '--noEmit', '-p', 'tsconfig.json']],
    ['lint', [bin('eslint', 'bin/eslint.js'), '--max-warnings=0', '.']],
  ];
  let passed = 0;
  for (const [name, args] of checks) {
    const ok = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' }).status === 0;
    console.log(`${ok ? '✔' : '✖'} ${name}`);
    if (ok) passed++;
  }
  return { name: 'checks', passed, failed: checks.length - passed };
}

function runUnit(filter?: string): SuiteResult {
  const files = findFiles(join(root, 'test', 'unit'), '.spec.ts').filter((f) => !filter || f.includes(filter));
  return runNodeTests('unit', files, 2);
}

/** Inside a real VS Code extension host (code-server), on the development build. */
function runHost(grep?: string): SuiteResult {
  const file = join(resultsDir, 'host.json');
  rmSync(file, { force: true });
  if (!runScript('scripts/build.ts')) return { name: 'host', passed: 0, failed: 1 };
  const ok = runScript('test/harness/runHostTests.ts', ...(grep ? [grep] : []));
  if (!existsSync(file)) return { name: 'host', passed: 0, failed: 1 };
  const { passed, failed } = JSON.parse(readFileSync(file, 'utf8')) as { passed: number; failed: number };
  return { name: 'host', passed, failed: failed + (!ok && failed === 0 ? 1 : 0) };
}

/** The packaged .vsix installed into a real VS Code, driven in headless Chromium. */
function runE2e(filter?: string): SuiteResult {
  if (!runScript('scripts/package.ts')) return { name: 'e2e', passed: 0, failed: 1 };
  const files = findFiles(join(root, 'test', 'e2e'), '.e2e.ts').filter((f) => !filter || f.includes(filter));
  return runNodeTests('e2e', files, 1);
}

const suites: Record<string, (filter?: string) => SuiteResult> = { checks: runChecks, unit: runUnit, host: runHost, e2e: runE2e };

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
