import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readVscodeTestEnv } from './vscodeTestEnv';

export interface CodeServerOptions {
  /** Extra user settings on top of the quiet defaults below. */
  settings?: Record<string, unknown>;
  /** Extra environment for the server and so for the extension host (e.g. MH_PROFILE). */
  env?: Record<string, string>;
  /** .vsix files installed before the server starts. */
  install?: string[];
  /** Folder the workbench opens; a fresh empty one when absent. */
  workspace?: string;
  /** A folder kept across runs (user data, extensions); a fresh scratch folder when absent. */
  dir?: string;
  /** Preferred port; a free one when absent or taken. */
  port?: number;
  /** False: workspace trust is on and the folder opens in restricted mode (default true). */
  trusted?: boolean;
}

export interface CodeServer {
  /** `127.0.0.1:PORT` */
  authority: string;
  /** Workbench URL that opens the workspace, with an optional development payload. */
  workbenchUrl(payload?: [string, string][]): string;
  /** Folder of this run: user data, extensions, server log. A scratch one is kept when a test fails. */
  dir: string;
  /** Resolves when the server exits. */
  exited: Promise<number | null>;
  workspace: string;
  stop(options?: { keepDir?: boolean }): void;
}

/** Keeps the workbench quiet and predictable: no welcome page, no AI chat stealing focus, no updates. */
const quietSettings = {
  'workbench.startupEditor': 'none',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.tips.enabled': false,
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'security.workspace.trust.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
};

async function freePort(preferred = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error) => (preferred ? resolve(freePort(0)) : reject(error)));
    server.listen(preferred, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function isUp(authority: string): Promise<boolean> {
  return new Promise((resolve) => {
    get(`http://${authority}/healthz`, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    }).on('error', () => resolve(false));
  });
}

/** Starts code-server (a real VS Code: workbench in the browser, Node extension host) in a scratch folder. */
export async function startCodeServer(options: CodeServerOptions = {}): Promise<CodeServer> {
  const env = readVscodeTestEnv();
  const persistent = options.dir !== undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'mh-vscode-'));
  for (const sub of ['user-data/User', 'extensions', 'workspace']) mkdirSync(join(dir, sub), { recursive: true });
  const workspace = options.workspace ?? join(dir, 'workspace');
  const settingsFile = join(dir, 'user-data/User/settings.json');
  const trusted = options.trusted ?? true;
  const trustSettings = trusted ? {} : { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.banner': 'never' };
  if (!persistent || !existsSync(settingsFile)) writeFileSync(settingsFile, JSON.stringify({ ...quietSettings, ...trustSettings, ...options.settings }, null, 2));
  const common = ['--config', join(dir, 'config.yaml'), '--user-data-dir', join(dir, 'user-data'), '--extensions-dir', join(dir, 'extensions')];
  const processEnv = { ...process.env, ...options.env, PATH: `${env.nodeBin}:${process.env.PATH ?? ''}` };
  for (const vsix of options.install ?? []) {
    execFileSync(env.codeServer, [...common, '--force', '--install-extension', vsix], { env: processEnv, stdio: 'pipe' });
  }
  const port = await freePort(options.port);
  const authority = `127.0.0.1:${port}`;
  const log = openSync(join(dir, 'server.log'), 'w');
  // Detached so the whole group (server + extension hosts, which otherwise linger) can be killed.
  const child: ChildProcess = spawn(
    env.codeServer,
    [...common, '--bind-addr', authority, '--auth', 'none', '--disable-telemetry', '--disable-update-check', ...(trusted ? ['--disable-workspace-trust'] : []), '--disable-getting-started-override'],
    { detached: true, env: processEnv, stdio: ['ignore', log, log] },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = ({ keepDir = false } = {}) => {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    if (!keepDir && !persistent) rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; !(await isUp(authority)); i++) {
    if (i > 600 || child.exitCode !== null) {
      stop({ keepDir: true });
      throw new Error(`code-server did not start on ${authority} within 60 s; see ${join(dir, 'server.log')}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    authority,
    dir,
    exited,
    workspace,
    workbenchUrl: (payload) =>
      `http://${authority}/?folder=${encodeURIComponent(workspace)}${payload ? `&payload=${encodeURIComponent(JSON.stringify(payload))}` : ''}`,
    stop,
  };
}
