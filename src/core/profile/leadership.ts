import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { isAlive, type ProfileFiles } from './profileFiles';
import type { ProfileLock } from './profileLock';

/** What `.leader` holds: which window runs the scheduled agents, and proof that it still lives. */
export interface LeaderRecord {
  pid: number;
  hostname: string;
  /** Who leads, e.g. `vscode`, `cli`. */
  name: string;
  since: string;
  heartbeat: string;
  nonce: string;
}

export interface LeadershipOptions {
  name: string;
  /** How often the leader refreshes its heartbeat and followers check on it (default 5 s). */
  heartbeatMs?: number;
  /** A leader silent for this long is replaced even if its pid seems alive (default 3 heartbeats). */
  leaseMs?: number;
}

export interface Disposable {
  dispose(): void;
}

const LEADER_FILE = '.leader';

/** How long a leader may miss heartbeats before it counts as gone, unless set otherwise (3 of 5 s). */
export const DEFAULT_LEASE_MS = 15_000;

/**
 * Whether a recorded leader has stopped leading: on this host its process is gone (a leader killed
 * outright leaves `.leader` behind), or on any host its heartbeat is older than the lease.
 */
export function leaderGone(leader: LeaderRecord, leaseMs = DEFAULT_LEASE_MS, now = Date.now()): boolean {
  if (leader.hostname === hostname() && leader.pid !== process.pid && !isAlive(leader.pid)) return true;
  return now - Date.parse(leader.heartbeat) > leaseMs;
}

/**
 * One window leads (and alone runs scheduled agents); the others follow and take over when the
 * leader's process dies or its heartbeat stops. Every check-and-write happens under the profile
 * lock, so two followers can never both become leader.
 */
export class Leadership {
  private readonly nonce = randomBytes(6).toString('hex');
  private readonly host = hostname();
  private readonly heartbeatMs: number;
  private readonly leaseMs: number;
  private readonly listeners = new Set<(isLeader: boolean) => void>();
  private timer: NodeJS.Timeout | undefined;
  private leading = false;
  private since = '';

  constructor(
    private readonly files: ProfileFiles,
    private readonly lock: ProfileLock,
    private readonly options: LeadershipOptions,
  ) {
    this.heartbeatMs = options.heartbeatMs ?? 5_000;
    this.leaseMs = options.leaseMs ?? (options.heartbeatMs ? this.heartbeatMs * 3 : DEFAULT_LEASE_MS);
  }

  get isLeader(): boolean {
    return this.leading;
  }

  /** Who leads now, as recorded in `.leader`. */
  currentLeader(): LeaderRecord | undefined {
    const raw = this.files.read(LEADER_FILE);
    if (!raw) return undefined;
    try {
      return JSON.parse(raw.toString('utf8')) as LeaderRecord;
    } catch {
      return undefined;
    }
  }

  /** The recorded leader if it still leads; undefined when none does or the recorded one is gone. */
  liveLeader(): LeaderRecord | undefined {
    const leader = this.currentLeader();
    return leader && !this.isGone(leader) ? leader : undefined;
  }

  /**
   * Starts competing for leadership: resolves whether this process leads now, and keeps checking
   * every heartbeat so it takes over when the leader goes away.
   */
  async acquireLeadership(): Promise<boolean> {
    if (!this.timer) {
      this.timer = setInterval(() => void this.tick().catch(() => undefined), this.heartbeatMs);
      this.timer.unref();
    }
    await this.tick();
    return this.leading;
  }

  /** Steps down (on close): removes `.leader` so a follower takes over at its next heartbeat. */
  async releaseLeadership(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (!this.leading) return;
    await this.lock.withLock('leadership', () => {
      if (this.currentLeader()?.nonce === this.nonce) this.files.fs.rmSync(this.files.abs(LEADER_FILE), { force: true });
    });
    this.set(false);
  }

  onLeadershipChange(listener: (isLeader: boolean) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private async tick(): Promise<void> {
    const leads = await this.lock.withLock('leadership', () => {
      const current = this.currentLeader();
      const ours = current?.nonce === this.nonce;
      if (!ours && current && !this.isGone(current)) return false;
      const now = new Date().toISOString();
      if (!ours) this.since = now;
      const record: LeaderRecord = { pid: process.pid, hostname: this.host, name: this.options.name, since: this.since, heartbeat: now, nonce: this.nonce };
      this.files.writeAtomic(LEADER_FILE, JSON.stringify(record));
      return true;
    });
    if (this.timer || !leads) this.set(leads);
  }

  private isGone(leader: LeaderRecord): boolean {
    return leaderGone(leader, this.leaseMs);
  }

  private set(leading: boolean): void {
    if (leading === this.leading) return;
    this.leading = leading;
    for (const listener of this.listeners) listener(leading);
  }
}
