import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where `install-vscode.sh` put the editor and the Node it runs on. */
export interface VscodeTestEnv {
  codeServer: string;
  nodeBin: string;
  version: string;
}

export const repoRoot = join(__dirname, '..', '..');
export const vscodeTestDir = process.env.VSCODE_TEST_DIR ?? join(repoRoot, '.vscode-test');

export function readVscodeTestEnv(): VscodeTestEnv {
  const file = join(vscodeTestDir, 'env.json');
  if (!existsSync(file)) {
    throw new Error(`No VS Code for tests at ${vscodeTestDir}: run "bash test/harness/install-vscode.sh" first (it installs code-server from npm and Chromium from Debian).`);
  }
  const env = JSON.parse(readFileSync(file, 'utf8')) as VscodeTestEnv;
  if (!existsSync(env.codeServer)) throw new Error(`${file} names ${env.codeServer}, which is missing: run "bash test/harness/install-vscode.sh" again.`);
  return env;
}
