// Builds and packages the extension, installs it into a local code-server (a real VS Code in the
// browser) kept under .vscode-test/start, and opens the sample workspace at a loopback URL.
// No model server needed: the engine runs on its embedded defaults. `--smoke` checks the view in
// headless Chromium, saves test-results/start.png and exits.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { startCodeServer } from '../test/harness/codeServer';
import { vscodeTestDir } from '../test/harness/vscodeTestEnv';

const root = join(__dirname, '..');
const { name, version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string };
const smoke = process.argv.includes('--smoke');

async function checkInBrowser(url: string): Promise<void> {
  const { launchBrowser } = await import('../test/harness/browser');
  const { Workbench } = await import('../test/e2e/workbench');
  const browser = await launchBrowser();
  try {
    const workbench = new Workbench(browser.page);
    await workbench.open(url);
    await workbench.openActivity('MetaHuman');
    const status = workbench.webview().locator('#engine-status');
    await status.filter({ hasText: 'Engine ready' }).waitFor({ timeout: 60_000 });
    console.log(`[start] smoke check: the MetaHuman view says "${(await status.textContent())?.trim()}"`);
    console.log(`[start] screenshot: ${await workbench.screenshot('start')}`);
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  execFileSync(process.execPath, [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/package.ts'], { cwd: root, stdio: 'inherit' });
  const dir = join(vscodeTestDir, 'start');
  const workspace = join(dir, 'sample-workspace');
  mkdirSync(dir, { recursive: true });
  if (!existsSync(workspace)) cpSync(join(root, 'test', 'fixtures', 'sample-workspace'), workspace, { recursive: true });
  const server = await startCodeServer({ dir, workspace, port: Number(process.env.PORT ?? 8750), install: [join(root, `${name}-${version}.vsix`)] });
  const url = server.workbenchUrl();
  const profile = process.env.MH_PROFILE ?? join(homedir(), '.metahuman');
  const shutdown = () => {
    server.stop();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  console.log(`\n[start] MetaHuman ${version} is running in VS Code (code-server) at:\n\n    ${url}\n`);
  console.log(`[start] profile folder: ${profile} (set MH_PROFILE or the metahuman.profilePath setting to change it)`);
  console.log(`[start] only this machine can connect (loopback). Server log: ${join(dir, 'server.log')}. Ctrl-C stops it.`);
  if (smoke) {
    try {
      await checkInBrowser(url);
    } finally {
      server.stop();
    }
    return;
  }
  const code = await server.exited;
  console.log(`[start] code-server exited (${code ?? 'signal'}); see ${join(dir, 'server.log')}`);
  process.exitCode = code ?? 1;
}

main().catch((error: unknown) => {
  console.error(`[start] ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
