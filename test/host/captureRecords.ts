import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { MemoryRecord } from '../../src/core/memory/record';
import { openProfileStore } from '../../src/core/profile/profileStore';

/** Sends what capture holds to the engine and ends open sessions, so records are on disk. */
export async function flushCapture(): Promise<void> {
  await vscode.commands.executeCommand('metahuman.flushCapture');
}

/** Every captured record in the profile (read the way `mh memory list` does). */
export async function capturedRecords(): Promise<MemoryRecord[]> {
  const profile = process.env.MH_PROFILE;
  if (!profile) throw new Error('MH_PROFILE is not set for the host tests');
  const store = await openProfileStore(profile, { actor: 'host-test' });
  try {
    return await store.memory.list({ tag: 'capture' });
  } finally {
    await store.close();
  }
}

/** Every byte the profile holds, for "nothing of this reached the disk" checks. */
export function profileText(): string {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const full = join(dir, name);
      return statSync(full).isDirectory() ? walk(full) : [readFileSync(full, 'latin1')];
    });
  return walk(process.env.MH_PROFILE ?? '').join('\n');
}
