import * as vscode from 'vscode';
import type { MetaHumanApi } from '../../src/host/api';

export const extensionId = 'metahuman.metahuman-vscode';

/** Activates MetaHuman (as a view or command would) and returns its API. */
export async function activateMetaHuman(): Promise<MetaHumanApi> {
  const extension = vscode.extensions.getExtension<MetaHumanApi>(extensionId);
  if (!extension) throw new Error(`${extensionId} is not installed in this VS Code`);
  return extension.activate();
}

/** Polls until `check` holds; for effects that arrive asynchronously (a restart, a setting). */
export async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      last = await read();
      if (check(last)) return last;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`Timed out waiting for ${what}; last value ${JSON.stringify(last)}${lastError instanceof Error ? `, last error ${lastError.message}` : ''}`);
}
