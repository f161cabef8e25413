// Host tests: bundles test/host/*.test.ts and runs them with mocha inside a real VS Code extension host
// (code-server): once in a trusted workspace, once in an untrusted one (`*.untrusted.test.ts`).
// Usage: tsx test/harness/runHostTests.ts [grep]   Writes test-results/host.json; exit code 0 when all pass.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleHostTests, hostTestsOutDir } from './bundleHostTests';
import { runInExtensionHost } from './extensionHostRun';
import { repoRoot } from './vscodeTestEnv';

interface HostResults {
  passed: number;
  failed: number;
  failures: { title: string; error: string }[];
}

const resultsFile = join(repoRoot, 'test-results', 'host.json');

function writeResults(results: HostResults): void {
  mkdirSync(join(repoRoot, 'test-results'), { recursive: true });
  writeFileSync(resultsFile, JSON.stringify(results, null, 2));
}

async function runMode(mode: 'trusted' | 'untrusted', grep: string): Promise<HostResults> {
  const run = await runInExtensionHost<HostResults>({
    entry: join(hostTestsOutDir, 'index.js'),
    trusted: mode === 'trusted',
    env: { MH_HOST_TEST_GREP: grep, MH_HOST_TEST_MODE: mode },
    timeoutMs: Number(process.env.MH_HOST_TEST_TIMEOUT_MS ?? 300_000),
    label: `host-${mode}`,
  });
  if (run.results) return run.results;
  const error = run.code === 'timeout' ? 'no result in time' : `the extension host exited with ${run.code} before reporting`;
  return { passed: 0, failed: 1, failures: [{ title: `host test run (${mode})`, error }] };
}

async function main(): Promise<number> {
  if (!existsSync(join(repoRoot, 'dist', 'host.js'))) throw new Error('dist/host.js is missing: run "npm run build" first.');
  await bundleHostTests();
  const grep = process.argv[2] ?? '';
  const total: HostResults = { passed: 0, failed: 0, failures: [] };
  for (const mode of ['trusted', 'untrusted'] as const) {
    console.log(`\n[host] ${mode} workspace`);
    const r = await runMode(mode, grep);
    total.passed += r.passed;
    total.failed += r.failed;
    total.failures.push(...r.failures);
  }
  writeResults(total);
  for (const f of total.failures) console.log(`\nFAILED ${f.title}\n${f.error}`);
  return total.failed === 0 && total.passed > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    writeResults({ passed: 0, failed: 1, failures: [{ title: 'host test run', error: String(error) }] });
    process.exit(1);
  },
);
