import { existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';

export const DONE_DIR = 'done';
export const FAILED_DIR = 'failed';

/** A file waiting in the inbox, as one stat saw it. */
export interface InboxEntry {
  name: string;
  path: string;
  size: number;
  mtimeMs: number;
}

/** Names browsers and copy tools give a file while it is still arriving; such files wait. */
const IN_PROGRESS = /\.(part|partial|crdownload|download|tmp|temp)$|^~\$/i;

/**
 * Files directly in the inbox, by name: not dotfiles (editor swap files, `.DS_Store`), not the
 * `done/` and `failed/` folders or any other folder.
 */
export function listInbox(dir: string): InboxEntry[] {
  const out: InboxEntry[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('.')) continue;
    const entry = statEntry(dir, name);
    if (entry) out.push(entry);
  }
  return out;
}

/** A fresh stat of one inbox file; undefined when it is gone or is not a plain file. */
export function statEntry(dir: string, name: string): InboxEntry | undefined {
  const path = join(dir, name);
  try {
    const stat = statSync(path);
    return stat.isFile() ? { name, path, size: stat.size, mtimeMs: stat.mtimeMs } : undefined;
  } catch {
    return undefined;
  }
}

export function looksInProgress(name: string): boolean {
  return IN_PROGRESS.test(name);
}

/**
 * Moves a file into `toDir` under its own name, or `name (2).ext`, `name (3).ext`… when that is
 * taken: a file moved earlier is never overwritten. Returns the name it got.
 */
export function moveKeepingBoth(from: string, toDir: string, name: string, rename: (from: string, to: string) => void = renameSync): string {
  mkdirSync(toDir, { recursive: true });
  const ext = extname(name);
  const stem = ext ? name.slice(0, -ext.length) : name;
  let target = name;
  for (let n = 2; existsSync(join(toDir, target)) || existsSync(join(toDir, `${target}.error.txt`)); n++) target = `${stem} (${n})${ext}`;
  rename(from, join(toDir, target));
  return target;
}

/** Writes `<name>.error.txt` beside a failed file: what went wrong, for the person to act on. */
export function writeFailureNote(failedDir: string, movedName: string, originalName: string, reason: string, at: Date): void {
  const text = [`${originalName} was not taken in (${at.toISOString()}):`, reason, '', 'Fix the file and drop it into the inbox again.', ''].join('\n');
  writeFileSync(join(failedDir, `${movedName}.error.txt`), text);
}
