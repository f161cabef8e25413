import { randomBytes } from 'node:crypto';
import * as nodeFs from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { ProfileStore } from '../profile/profileStore';
import { StoreError, writeError } from '../profile/storeError';

/**
 * The sleep service's nightly backup: a plain copy of the profile's durable files (persona and
 * its history, memory logs, audit, approvals, policy, agent state, quarantine…) into a timestamped
 * folder `profile-<UTC time>` under the backup folder, so a person can restore by copying it back.
 *
 * Left out: derived or runtime files (`index/`, the lock and leader files, temp files, the
 * windows' activity notes), the inbox (documents waiting to be read, not yet the profile's) and
 * the backups themselves. The default backup folder is `backups` inside the profile — simple to
 * find and carried along when the profile moves — and it is never copied into itself.
 *
 * The copy is taken under the profile lock (no write lands half in it), into a hidden
 * `.partial-…` folder that is renamed to its final name only when complete: a run killed midway
 * leaves no half backup under a backup's name, and the next run removes the leftover. Only then
 * are the oldest backups beyond `keep` removed, so a failed backup never costs an older one.
 */

export interface BackupOptions {
  /** The backup folder (`backupFolder()`). */
  root: string;
  /** How many backups to keep, this one included (≥ 1). */
  keep: number;
  now: Date;
  /** The inbox folder when it is inside the profile: not copied. */
  inbox?: string;
  /** File operations (tests inject a full disk). */
  fs?: BackupFs;
}

export interface BackupReport {
  /** The new backup's folder. */
  folder: string;
  files: number;
  bytes: number;
  /** Older backups removed by rotation (their folder names). */
  removed: string[];
}

export interface BackupFs {
  readdirSync(path: string): string[];
  statSync(path: string): nodeFs.Stats;
  mkdirSync(path: string, options: { recursive: true }): unknown;
  copyFileSync(from: string, to: string): void;
  renameSync(from: string, to: string): void;
  rmSync(path: string, options: { recursive: true; force: true }): void;
}

export const nodeBackupFs: BackupFs = {
  readdirSync: (path) => nodeFs.readdirSync(path),
  statSync: (path) => nodeFs.statSync(path),
  mkdirSync: (path, options) => nodeFs.mkdirSync(path, options),
  copyFileSync: (from, to) => nodeFs.copyFileSync(from, to),
  renameSync: (from, to) => nodeFs.renameSync(from, to),
  rmSync: (path, options) => nodeFs.rmSync(path, options),
};

const BACKUP_NAME = /^profile-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z(?:-\d+)?$/;
const PARTIAL = /^\.partial-(\d+)-/;
const RUNTIME = (rel: string) =>
  rel === '.lock' || rel === '.lock.break' || rel === '.leader' || rel === 'agents/running' || rel.startsWith('agents/running/') || rel === 'index' || rel.includes('.tmp-') || /^capture\/activity-[0-9a-f]+\.json$/.test(rel);

/** Where backups go: the `agents.backupPath` setting, else `backups` in the profile folder. */
export function backupFolder(profileDir: string, setting: string): string {
  const chosen = setting.trim();
  if (!chosen) return join(resolve(profileDir), 'backups');
  const expanded = chosen === '~' ? homedir() : chosen.startsWith('~/') ? join(homedir(), chosen.slice(2)) : chosen;
  return resolve(profileDir, expanded);
}

/** The backups in a folder, oldest first (their names sort by time). */
export function listBackups(root: string, fs: BackupFs = nodeBackupFs): string[] {
  try {
    return fs
      .readdirSync(root)
      .filter((name) => BACKUP_NAME.test(name))
      .sort();
  } catch {
    return [];
  }
}

export async function backupProfile(store: ProfileStore, options: BackupOptions): Promise<BackupReport> {
  const fs = options.fs ?? nodeBackupFs;
  const profile = store.dir;
  const root = resolve(options.root);
  if (options.keep < 1) throw new RangeError(`Backups are off (keep ${options.keep}); nothing to write.`);
  if (root === profile || isInside(profile, root)) {
    throw new StoreError('INVALID', `The backup folder ${root} contains the profile ${profile}; choose another folder (setting metahuman.agents.backupPath).`, root);
  }
  const skipped = new Set([relOf(profile, root), options.inbox ? relOf(profile, resolve(options.inbox)) : undefined].filter((r): r is string => r !== undefined));
  return store.lock.withLock('backup', () => {
    const name = freeName(fs, root, `profile-${options.now.toISOString().replace(/[:.]/g, '-')}`);
    const partial = join(root, `.partial-${process.pid}-${randomBytes(4).toString('hex')}`);
    let files = 0;
    let bytes = 0;
    try {
      fs.mkdirSync(root, { recursive: true });
      removeLeftovers(fs, root);
      fs.mkdirSync(partial, { recursive: true });
      for (const rel of durableFiles(fs, profile, '', skipped)) {
        store.lock.touch();
        const target = join(partial, rel);
        fs.mkdirSync(join(target, '..'), { recursive: true });
        fs.copyFileSync(join(profile, rel), target);
        files++;
        bytes += fs.statSync(target).size;
      }
      fs.renameSync(partial, join(root, name));
    } catch (error) {
      try {
        fs.rmSync(partial, { recursive: true, force: true });
      } catch {
        // A leftover partial folder is removed by the next run.
      }
      const failure = writeError(error, root, 'backing up the profile to');
      throw new StoreError(failure.code, `${failure.message} Older backups in ${root} are untouched.`, root, { cause: error });
    }
    const removed = rotate(fs, root, options.keep, name, (message) => store.files.logger.warn(message));
    store.audit.appendLocked({
      type: 'write',
      target: 'profile',
      op: 'create',
      count: files,
      files: [join(root, name).slice(-300)],
      detail: `backup: ${files} files, ${bytes} bytes; ${removed.length} older backup${removed.length === 1 ? '' : 's'} removed, keeping ${options.keep}`,
    });
    return { folder: join(root, name), files, bytes, removed };
  });
}

/** The oldest backups beyond `keep`; a backup that cannot be removed is reported and kept. */
function rotate(fs: BackupFs, root: string, keep: number, newest: string, warn: (message: string) => void): string[] {
  const all = listBackups(root, fs);
  const excess = all.filter((n) => n !== newest).slice(0, Math.max(0, all.length - keep));
  const removed: string[] = [];
  for (const old of excess) {
    try {
      fs.rmSync(join(root, old), { recursive: true, force: true });
      removed.push(old);
    } catch (error) {
      warn(`Could not remove the old backup ${join(root, old)}: ${(error as Error).message}`);
    }
  }
  return removed;
}

/** Partial folders of runs that died (this process never has two backups going: the lock). */
function removeLeftovers(fs: BackupFs, root: string): void {
  for (const name of fs.readdirSync(root)) {
    const pid = Number(PARTIAL.exec(name)?.[1]);
    if (!pid || (pid !== process.pid && isAlive(pid))) continue;
    fs.rmSync(join(root, name), { recursive: true, force: true });
  }
}

function durableFiles(fs: BackupFs, root: string, rel: string, skipped: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const name of fs.readdirSync(join(root, rel)).sort()) {
    const sub = rel ? `${rel}/${name}` : name;
    if (RUNTIME(sub) || skipped.has(sub)) continue;
    const stat = fs.statSync(join(root, sub));
    if (stat.isDirectory()) out.push(...durableFiles(fs, root, sub, skipped));
    else if (stat.isFile()) out.push(sub);
  }
  return out;
}

function freeName(fs: BackupFs, root: string, base: string): string {
  const taken = new Set(listBackups(root, fs));
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}-${n}`;
  return name;
}

/** `child` relative to `parent` with `/` separators, when inside it. */
function relOf(parent: string, child: string): string | undefined {
  const rel = relative(parent, child);
  if (!rel || rel.startsWith('..') || isAbsolute(rel)) return undefined;
  return rel.split(sep).join('/');
}

function isInside(child: string, parent: string): boolean {
  return relOf(parent, child) !== undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
