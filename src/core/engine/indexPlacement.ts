import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { isAlive } from '../profile/profileFiles';
import type { ProfileStore } from '../profile/profileStore';

/** Where one process keeps the memory index it uses. */
export interface IndexPlacement {
  dir: string;
  /** True for the profile's shared `index/`, false for a private one of this process. */
  shared: boolean;
  /** Deletes a private index; nothing for the shared one. */
  release(): void;
}

const PRIVATE = 'private';
/** The WebAssembly SQLite's lock: a directory beside the database, left behind by a killed process. */
const SQLITE_LOCK_DIR = 'memory.sqlite.lock';

/**
 * The shared index has exactly one writer, the profile's leader (the WebAssembly SQLite locks with a
 * directory and has no WAL, and the vector file has no locking at all). Every other process (a
 * second window, `mh` while VS Code runs) builds a private index from the logs under
 * `index/private/<pid>-<nonce>/` and deletes it when done; private indexes of dead processes are
 * removed by whoever opens next.
 */
export async function placeIndex(store: ProfileStore): Promise<IndexPlacement> {
  const root = join(store.dir, 'index');
  removeDeadPrivateIndexes(join(root, PRIVATE));
  if (await store.leadership.acquireLeadership()) {
    // Only the leader touches the shared files, so a lock directory now is a dead writer's.
    rmSync(join(root, SQLITE_LOCK_DIR), { recursive: true, force: true });
    return { dir: root, shared: true, release: () => undefined };
  }
  const dir = join(root, PRIVATE, `${process.pid}-${randomBytes(4).toString('hex')}`);
  return { dir, shared: false, release: () => rmSync(dir, { recursive: true, force: true }) };
}

function removeDeadPrivateIndexes(folder: string): void {
  if (!existsSync(folder)) return;
  for (const name of readdirSync(folder)) {
    const pid = Number(name.split('-')[0]);
    if (!isAlive(pid)) rmSync(join(folder, name), { recursive: true, force: true });
  }
}
