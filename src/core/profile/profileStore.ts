import { resolve } from 'node:path';
import { AuditLog } from '../audit/auditLog';
import { MemoryStore } from '../memory/memoryStore';
import { TaskStore } from '../memory/taskStore';
import type { CompactionReport } from '../memory/memoryCompaction';
import { PersonaStore } from '../persona/personaStore';
import { Leadership } from './leadership';
import { ProfileFiles } from './profileFiles';
import { ProfileLock } from './profileLock';
import { StoreError } from './storeError';
import { nodeStoreFs, type StoreFs } from './storeFs';
import { silentLogger, type Clock, type StoreLogger } from './storeLogger';

export interface ProfileStoreOptions {
  /** Who writes, recorded in every audit entry: `cli`, `vscode`, `engine`… (default `engine`). */
  actor?: string;
  /** Receives warnings about skipped, quarantined or migrated lines. */
  logger?: StoreLogger;
  /** fsync every append and rename before resolving (default true). Off only for tests and benchmarks. */
  durable?: boolean;
  /** How long a write waits for another writer's lock (default 30 s). */
  lockTimeoutMs?: number;
  /** A lock whose heartbeat is older than this is taken over (default 20 s); a dead owner's at once. */
  lockStaleMs?: number;
  /** Leadership heartbeat (default 5 s); the lease expires after three missed beats. */
  heartbeatMs?: number;
  leaseMs?: number;
  /** File operations (tests inject failures). */
  fs?: StoreFs;
  clock?: Clock;
}

/** One open profile folder: everything the engine and the CLI read and write. */
export interface ProfileStore {
  readonly dir: string;
  readonly persona: PersonaStore;
  /** The `MemoryLog` (and change feed) over every record kind. */
  readonly memory: MemoryStore;
  readonly tasks: TaskStore;
  readonly audit: AuditLog;
  /** The write lock; `withLock` lets a caller group several writes. */
  readonly lock: ProfileLock;
  /** Which window runs the scheduled agents: `acquireLeadership()`, `isLeader`, `onLeadershipChange`. */
  readonly leadership: Leadership;
  /** The person's durable-write setting and file layer, for export and maintenance. */
  readonly files: ProfileFiles;
  /** Rewrites the logs without forgotten records (`mh memory compact`). */
  compact(): Promise<CompactionReport>;
  /** Steps down from leadership and stops accepting calls. Safe to call twice. */
  close(): Promise<void>;
}

const FOLDERS = ['persona/history', 'memory/episodic', 'memory/reflections', 'audit', 'quarantine'];

/**
 * Opens (and on first use creates) a profile folder: lays out the folders, writes the persona
 * from storage/defaults, migrates older files, quarantines torn or damaged lines, and loads the
 * memory index. Everything it writes is audited.
 */
export async function openProfileStore(profileDir: string, options: ProfileStoreOptions = {}): Promise<ProfileStore> {
  const dir = resolve(profileDir);
  const fs = options.fs ?? nodeStoreFs;
  const files = new ProfileFiles(dir, { fs, durable: options.durable ?? true, logger: options.logger ?? silentLogger, clock: options.clock ?? (() => new Date()) });
  files.ensureDir('');
  for (const folder of FOLDERS) {
    try {
      files.ensureDir(folder);
    } catch (error) {
      // A profile we may only read still opens for reading; writes then fail with this same error.
      if (!(error instanceof StoreError) || (error.code !== 'PERMISSION' && error.code !== 'READ_ONLY')) throw error;
    }
  }
  for (const folder of ['', 'persona', 'persona/history', 'memory', 'memory/episodic', 'memory/reflections', 'quarantine']) files.removeStaleTemps(folder);
  const lock = new ProfileLock(dir, { fs, staleMs: options.lockStaleMs, timeoutMs: options.lockTimeoutMs });
  const actor = options.actor ?? 'engine';
  const audit = new AuditLog(files, lock, actor);
  const persona = new PersonaStore(files, lock, audit);
  await persona.prepare();
  const memory = await MemoryStore.open({ io: files, lock, audit });
  const tasks = new TaskStore(memory);
  const leadership = new Leadership(files, lock, { name: actor, heartbeatMs: options.heartbeatMs, leaseMs: options.leaseMs });
  let closed = false;
  return {
    dir,
    persona,
    memory,
    tasks,
    audit,
    lock,
    leadership,
    files,
    compact: () => memory.compact(),
    async close() {
      if (closed) return;
      closed = true;
      await leadership.releaseLeadership();
      // Let writes already queued finish, then refuse new ones.
      await lock.drain();
      memory.close();
    },
  };
}
