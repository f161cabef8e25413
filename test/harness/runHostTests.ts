// Host tests: bundles test/host/*.test.ts and runs them with mocha inside a real VS Code extension host
// (code-server), loaded through the development payload of a headless Chromium workbench.
// Usage: tsx test/harness/runHostTests.ts [grep]   Writes test-results/host.json; exit code 0 when all pass.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { enableDevelopmentPayload, forwardConsole, launchBrowser } from './browser';
import { bundleHostTests, hostTestsOutDir } from './bundleHostTests';
import { startCodeServer } from './codeServer';
import { repoRoot } from './vscodeTestEnv';

interface HostResults {
  passed: number;
  failed: number;
  failures: { title: string; error: string }[];
}

const resultsFile = join(repoRoot, 'test-results', 'host.json');
const timeoutMs = Number(process.env.MH_HOST_TEST_TIMEOUT_MS ?? 300_000);

function writeResults(results: HostResults): void {
  mkdirSync(join(repoRoot, 'test-results'), { recursive: true });
  writeFileSync(resultsFile, JSON.stringify(results, null, 2));
}

/** `trusted`: the usual run. `untrusted`: workspace trust on and the folder not trusted, for `*.untrusted.test.ts`. */
type TrustMode = 'trusted' | 'untrusted';

async function runOnce(mode: TrustMode, grep: string): Promise<HostResults> {
  const scratch = mkdtempSync(join(tmpdir(), 'mh-host-tests-'));
  const workspace = join(scratch, 'sample-workspace');
  cpSync(join(repoRoot, 'test', 'fixtures', 'sample-workspace'), workspace, { recursive: true });
  const rawResults = join(scratch, 'results.json');
  const server = await startCodeServer({
    workspace,
    trusted: mode === 'trusted',
    env: { MH_PROFILE: join(scratch, 'profile'), VSCODE_TEST_RESULTS: rawResults, MH_HOST_TEST_GREP: grep, MH_HOST_TEST_MODE: mode },
  });
  const browser = await launchBrowser();
  let ok = false;
  try {
    let exit!: (code: number) => void;
    const exited = new Promise<number>((resolve) => (exit = resolve));
    await browser.page.exposeFunction('codeAutomationExit', (code: number) => exit(code));
    await enableDevelopmentPayload(browser.page);
    forwardConsole(browser.page, (line) => console.log(line), { hostInfo: true });
    const remote = (path: string) => `vscode-remote://${server.authority}${path}`;
    await browser.page.goto(server.workbenchUrl([
      ['extensionDevelopmentPath', remote(repoRoot)],
      ['extensionTestsPath', remote(join(hostTestsOutDir, 'index.js'))],
    ]));
    const code = await Promise.race([exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), timeoutMs).unref())]);
    const results: HostResults = existsSync(rawResults)
      ? (JSON.parse(readFileSync(rawResults, 'utf8')) as HostResults)
      : { passed: 0, failed: 1, failures: [{ title: `host test run (${mode})`, error: code === 'timeout' ? `no result within ${timeoutMs / 1000} s` : `the extension host exited with ${code} before reporting` }] };
    ok = code === 0 && results.failed === 0;
    if (!ok) await browser.page.screenshot({ path: join(repoRoot, 'test-results', `host-failure-${mode}.png`) }).catch(() => undefined);
    return results;
  } finally {
    await browser.close();
    server.stop({ keepDir: !ok });
    if (!ok) console.log(`code-server log kept in ${join(server.dir, 'server.log')}`);
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  if (!existsSync(join(repoRoot, 'dist', 'host.js'))) throw new Error('dist/host.js is missing: run "npm run build" first.');
  await bundleHostTests();
  const grep = process.argv[2] ?? '';
  const total: HostResults = { passed: 0, failed: 0, failures: [] };
  for (const mode of ['trusted', 'untrusted'] as const) {
    console.log(`\n[host] ${mode} workspace`);
    const r = await runOnce(mode, grep);
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
