import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { enableDevelopmentPayload, forwardConsole, launchBrowser } from './browser';
import { startCodeServer } from './codeServer';
import { repoRoot } from './vscodeTestEnv';

export interface ExtensionHostRunOptions {
  /** Bundled CommonJS module exporting `run(): Promise<void>`, loaded as `extensionTestsPath`. */
  entry: string;
  /** False: workspace trust on and the folder untrusted. */
  trusted?: boolean;
  /** Extra environment for the extension host. The run sets MH_PROFILE and MH_RESULTS itself. */
  env?: Record<string, string>;
  timeoutMs?: number;
  /** Name for failure screenshots in test-results/. */
  label: string;
}

export interface ExtensionHostRun<T> {
  /** The exit code the workbench reported, or `timeout`. */
  code: number | 'timeout';
  /** What the module wrote to $MH_RESULTS (JSON), if anything. */
  results?: T;
}

/**
 * Loads the extension from this repository and `entry` into a fresh code-server (a real VS Code)
 * on a copy of the sample workspace with an empty profile, through the development payload of a
 * headless Chromium workbench, and waits until the module's `run` settles.
 */
export async function runInExtensionHost<T>(options: ExtensionHostRunOptions): Promise<ExtensionHostRun<T>> {
  const scratch = mkdtempSync(join(tmpdir(), 'mh-exthost-'));
  const workspace = join(scratch, 'sample-workspace');
  cpSync(join(repoRoot, 'test', 'fixtures', 'sample-workspace'), workspace, { recursive: true });
  const resultsFile = join(scratch, 'results.json');
  const server = await startCodeServer({
    workspace,
    trusted: options.trusted ?? true,
    env: { ...options.env, MH_PROFILE: join(scratch, 'profile'), MH_RESULTS: resultsFile },
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
      ['extensionTestsPath', remote(options.entry)],
    ]));
    const timeoutMs = options.timeoutMs ?? 300_000;
    const code = await Promise.race([exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), timeoutMs).unref())]);
    const results = existsSync(resultsFile) ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as T) : undefined;
    ok = code === 0;
    if (!ok) await browser.page.screenshot({ path: join(repoRoot, 'test-results', `${options.label}-failure.png`) }).catch(() => undefined);
    return { code, results };
  } finally {
    await browser.close();
    server.stop({ keepDir: !ok });
    if (!ok) console.log(`code-server log kept in ${join(server.dir, 'server.log')}`);
    rmSync(scratch, { recursive: true, force: true });
  }
}
