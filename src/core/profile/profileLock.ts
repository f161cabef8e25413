import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { isAlive } from './profileFiles';
import { StoreError, writeError } from './storeError';
import { isErrno, type StoreFs } from './storeFs';

/** What `.lock` holds while a writer owns the profile. */
export interface LockOwner {
  pid: number;
  hostname: string;
  /** What the holder is doing, e.g. `append`, `compact`. */
  purpose: string;
  acquiredAt: string;
  /** Refreshed while the lock is held for long; a holder whose heartbeat stops is presumed gone. */
  heartbeat: string;
  /** Distinguishes two holders that share a pid (a container restarted with the same pid). */
  nonce: string;
}

export interface ProfileLockOptions {
  fs: StoreFs;
  /** A lock whose heartbeat is older than this is taken over even if its pid seems alive. */
  staleMs?: number;
  /** How long to wait for another writer before failing. */
  timeoutMs?: number;
}

const LOCK_FILE = '.lock';
/** Nonces: a random per-process prefix and a counter (cheaper than fresh random bytes per lock). */
const NONCE_PREFIX = randomBytes(6).toString('hex');
let nonceCounter = 0;
const BREAK_FILE = '.lock.break';
/** Serializes holders within one process: they share a pid, so the file alone cannot tell them apart. */
const inProcessQueues = new Map<string, Promise<unknown>>();

/**
 * The profile's single-writer lock: `.lock`, created with O_EXCL and removed on release. Held
 * only for the length of one write (or one compaction), so many windows and `mh` commands can all
 * write, one after another. A lock left by a dead process (same host, pid gone) or one whose
 * heartbeat stopped is broken under a second tiny lock, so two waiters never both break it.
 */
export class ProfileLock {
  private readonly path: string;
  private readonly breakPath: string;
  private readonly staleMs: number;
  private readonly timeoutMs: number;
  private readonly host = hostname();
  private held: LockOwner | undefined;

  constructor(
    readonly dir: string,
    private readonly options: ProfileLockOptions,
  ) {
    this.path = resolve(dir, LOCK_FILE);
    this.breakPath = resolve(dir, BREAK_FILE);
    this.staleMs = options.staleMs ?? 20_000;
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  /** True while this process holds the lock (inside `withLock`). */
  get isHeld(): boolean {
    return this.held !== undefined;
  }

  /** Runs `fn` while holding the lock; calls from the same process queue up in order. */
  withLock<T>(purpose: string, fn: () => T | Promise<T>): Promise<T> {
    const previous = inProcessQueues.get(this.path) ?? Promise.resolve();
    const run = previous.then(
      () => this.runLocked(purpose, fn),
      () => this.runLocked(purpose, fn),
    );
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    inProcessQueues.set(this.path, settled);
    void settled.then(() => {
      if (inProcessQueues.get(this.path) === settled) inProcessQueues.delete(this.path);
    });
    return run;
  }

  /** Resolves once the writes this process has queued for the lock are done (used on close). */
  async drain(): Promise<void> {
    for (let queued = inProcessQueues.get(this.path); queued; queued = inProcessQueues.get(this.path)) {
      await queued;
      if (inProcessQueues.get(this.path) === queued) return;
    }
  }

  /** Who holds the lock now, if anyone (for messages and `mh status`). */
  readOwner(): LockOwner | undefined {
    try {
      return JSON.parse(this.options.fs.readFileSync(this.path).toString('utf8')) as LockOwner;
    } catch {
      return undefined;
    }
  }

  private async runLocked<T>(purpose: string, fn: () => T | Promise<T>): Promise<T> {
    const owner = await this.acquire(purpose);
    const beat = setInterval(() => this.beat(owner), Math.max(50, Math.floor(this.staleMs / 3)));
    beat.unref();
    try {
      return await fn();
    } finally {
      clearInterval(beat);
      this.release(owner);
    }
  }

  private async acquire(purpose: string): Promise<LockOwner> {
    const fs = this.options.fs;
    const started = Date.now();
    let delay = 1;
    let nextStaleCheck = 0;
    for (;;) {
      const now = new Date().toISOString();
      const owner: LockOwner = { pid: process.pid, hostname: this.host, purpose, acquiredAt: now, heartbeat: now, nonce: `${NONCE_PREFIX}-${++nonceCounter}` };
      try {
        const fd = fs.openSync(this.path, 'wx');
        try {
          fs.writeSync(fd, Buffer.from(JSON.stringify(owner)));
        } finally {
          fs.closeSync(fd);
        }
        this.held = owner;
        return owner;
      } catch (error) {
        if (!isErrno(error, 'EEXIST')) throw writeError(error, LOCK_FILE, 'creating the lock');
      }
      // Judging staleness costs a read and a kill(0): do it at once, then every 100 ms of waiting,
      // so waiters polling the lock do not steal the holder's CPU.
      const checkNow = Date.now() >= nextStaleCheck;
      if (checkNow) nextStaleCheck = Date.now() + 100;
      if (checkNow && this.isStale(this.readOwner())) this.breakStale();
      else if (Date.now() - started > this.timeoutMs) {
        const holder = this.readOwner();
        const who = holder ? `pid ${holder.pid} on ${holder.hostname} (${holder.purpose} since ${holder.acquiredAt})` : 'another writer';
        throw new StoreError('LOCKED', `The profile ${this.dir} is locked by ${who}; gave up after ${this.timeoutMs} ms.`, LOCK_FILE);
      } else {
        // Jittered waits keep busy writers from retrying in lockstep; the cap keeps a freed lock
        // from sitting idle while everyone sleeps (holds last well under a millisecond).
        await sleep(delay * (0.5 + Math.random()));
        delay = Math.min(delay * 2, 4);
      }
    }
  }

  /** A lock is stale when its process is gone (same host) or its heartbeat stopped. */
  private isStale(owner: LockOwner | undefined): boolean {
    // Empty or unreadable: its owner writes the content right after creating it (and a heartbeat
    // rewrites it in two calls), so one that stays so for seconds lost its writer mid-way.
    if (!owner) return this.ageMs(this.path) > 2_000;
    if (owner.hostname === this.host) {
      // Our own pid while nobody in this process holds it: a previous process that had our pid.
      if (owner.pid === process.pid) return !this.isHeld;
      if (!isAlive(owner.pid)) return true;
    }
    return Date.now() - Date.parse(owner.heartbeat) > this.staleMs;
  }

  private breakStale(): void {
    const fs = this.options.fs;
    try {
      fs.closeSync(fs.openSync(this.breakPath, 'wx'));
    } catch (error) {
      if (!isErrno(error, 'EEXIST')) throw writeError(error, BREAK_FILE, 'creating');
      // A breaker that died mid-break would block everyone: its file is tiny-lived, so age says.
      if (this.ageMs(this.breakPath) > 5_000) this.unlinkQuietly(this.breakPath);
      return;
    }
    try {
      // Re-read under the break lock: only the stale lock we judged may go, never a fresh one.
      if (this.isStale(this.readOwner())) this.unlinkQuietly(this.path);
    } finally {
      this.unlinkQuietly(this.breakPath);
    }
  }

  /**
   * Refreshes the heartbeat now. Long synchronous work (compaction, repair, export) calls this
   * between files, since the timer cannot fire while it runs.
   */
  touch(): void {
    if (this.held) this.beat(this.held);
  }

  private beat(owner: LockOwner): void {
    if (this.held?.nonce !== owner.nonce) return;
    owner.heartbeat = new Date().toISOString();
    try {
      const fd = this.options.fs.openSync(this.path, 'r+');
      try {
        const data = Buffer.from(JSON.stringify(owner));
        this.options.fs.ftruncateSync(fd, 0);
        this.options.fs.writeSync(fd, data, 0, data.length);
      } finally {
        this.options.fs.closeSync(fd);
      }
    } catch {
      // A missed heartbeat only risks a takeover after staleMs; the next one retries.
    }
  }

  private release(owner: LockOwner): void {
    this.held = undefined;
    // Nobody may break a lock whose pid lives and whose heartbeat is fresh: a short hold can
    // remove it without reading it back. After a long one, check it is still ours.
    if (Date.now() - Date.parse(owner.heartbeat) < this.staleMs / 2) return this.unlinkQuietly(this.path);
    if (this.readOwner()?.nonce === owner.nonce) this.unlinkQuietly(this.path);
  }

  private ageMs(path: string): number {
    try {
      return Date.now() - this.options.fs.statSync(path).mtimeMs;
    } catch {
      return 0;
    }
  }

  private unlinkQuietly(path: string): void {
    try {
      this.options.fs.unlinkSync(path);
    } catch {
      /* already gone */
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
