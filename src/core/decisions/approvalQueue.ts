import type { AuditInput } from '../audit/auditEntry';
import { MemoryIds } from '../memory/memoryIds';
import type { ProfileStore } from '../profile/profileStore';
import { asApprovalEvent, foldApprovalEvent, type ApprovalEvent } from './approvalEvents';
import type { ProposalState } from './decisionTypes';

export const QUEUE_FILE = 'approvals/queue.jsonl';
const NL = 0x0a;

/** Events written (and audit entries recorded) together under one hold of the profile lock. */
export interface QueueTransaction {
  /** The proposal as it stands now, including events appended earlier in this transaction. */
  get(id: string): ProposalState | undefined;
  list(): ProposalState[];
  /** A new proposal id, larger than any in the queue. */
  newId(): string;
  append(event: DistributiveOmit<ApprovalEvent, 'ts'>): void;
  audit(entry: AuditInput): void;
}

type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

/**
 * `approvals/queue.jsonl`: every proposal's events, one per line, appended under the profile
 * lock and folded into `ProposalState`s. Reading is incremental: only the bytes appended since the
 * last read are parsed, so each line is read once per process. Damaged lines are skipped with a
 * warning; a torn last line is left for the next append to quarantine.
 */
export class ApprovalQueue {
  private states = new Map<string, ProposalState>();
  private offset = 0;
  private ino?: number;
  private readonly ids = new MemoryIds();

  constructor(
    private readonly store: Pick<ProfileStore, 'files' | 'lock' | 'audit'>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Every proposal, oldest first, brought up to date with the file. */
  list(): ProposalState[] {
    this.refresh();
    return this.sorted();
  }

  get(id: string): ProposalState | undefined {
    this.refresh();
    return this.states.get(id);
  }

  /** A new proposal id: time-ordered, after every id this process has read, random enough never to collide with another writer's. */
  newId(): string {
    this.refresh();
    return this.ids.next(this.now().getTime());
  }

  /**
   * Runs `plan` under the profile lock against the freshest state; the events and audit entries it
   * adds are written before the lock is released. `plan` may throw to write nothing.
   */
  transact<T>(purpose: string, plan: (tx: QueueTransaction) => T): Promise<T> {
    return this.store.lock.withLock(purpose, () => {
      this.refresh();
      const events: ApprovalEvent[] = [];
      const audits: AuditInput[] = [];
      // Copy-on-write: only the proposals this transaction touches are cloned.
      const touched = new Map<string, ProposalState>();
      const current = (id: string) => touched.get(id) ?? this.states.get(id);
      const ts = this.now().toISOString();
      const tx: QueueTransaction = {
        get: current,
        list: () => this.sorted([...new Map([...this.states, ...touched]).values()]),
        newId: () => this.ids.next(this.now().getTime()),
        append: (partial) => {
          const event = { ...partial, ts };
          const before = this.states.get(event.id);
          if (!touched.has(event.id) && before) touched.set(event.id, structuredClone(before));
          events.push(event);
          foldApprovalEvent(touched, event);
        },
        audit: (entry) => audits.push(entry),
      };
      const result = plan(tx);
      if (events.length > 0) this.write(events, touched);
      for (const entry of audits) this.store.audit.appendLocked(entry);
      return result;
    });
  }

  /** Pending and suggested proposals past their expiry become `expired` (recorded and audited); returns them. */
  expireDue(): Promise<ProposalState[]> {
    const now = this.now().toISOString();
    this.refresh();
    if (!this.sorted().some((s) => waitsForPerson(s) && s.expiresAt <= now)) return Promise.resolve([]);
    return this.transact('expire approvals', (tx) => {
      const due = tx.list().filter((s) => waitsForPerson(s) && s.expiresAt <= now);
      for (const state of due) {
        tx.append({ ev: 'expired', id: state.id });
        tx.audit({ type: 'approval', proposal: state.id, skill: state.skill, action: 'expired' });
      }
      return due.map((s) => tx.get(s.id) as ProposalState);
    });
  }

  private sorted(states: Iterable<ProposalState> = this.states.values()): ProposalState[] {
    return [...states].sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  private write(events: ApprovalEvent[], touched: Map<string, ProposalState>): void {
    const files = this.store.files;
    const size = this.size();
    try {
      const written = files.append(
        QUEUE_FILE,
        events.map((e) => JSON.stringify(e)),
        () => JSON.stringify({ format: 'metahuman.approvals', version: 1, created: this.now().toISOString() }),
        size !== undefined && size === this.offset && size > 0 ? size : undefined,
      );
      for (const [id, state] of touched) this.states.set(id, state);
      this.offset = written.end;
      this.ino = this.stat()?.ino;
    } catch (error) {
      this.reset();
      throw error;
    }
  }

  /** Reads what was appended since the last read (by this or another process). */
  private refresh(): void {
    const stat = this.stat();
    if (!stat) {
      if (this.offset > 0) this.reset();
      return;
    }
    if (stat.size < this.offset || (this.ino !== undefined && stat.ino !== this.ino)) this.reset();
    this.ino = stat.ino;
    if (stat.size === this.offset) return;
    const chunk = this.store.files.readRange(QUEUE_FILE, this.offset, stat.size);
    const end = chunk.lastIndexOf(NL) + 1;
    if (end === 0) return; // only a torn (or still being written) line so far
    let lineStart = 0;
    for (let i = chunk.indexOf(NL); i >= 0 && i < end; i = chunk.indexOf(NL, i + 1)) {
      this.readLine(chunk.subarray(lineStart, i).toString('utf8'), this.offset + lineStart);
      lineStart = i + 1;
    }
    this.offset += end;
  }

  private readLine(line: string, at: number): void {
    if (line.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      this.store.files.logger.warn(`${QUEUE_FILE} at byte ${at}: not JSON; skipped.`);
      return;
    }
    if (typeof parsed === 'object' && parsed !== null && 'format' in parsed) return; // the header
    const event = asApprovalEvent(parsed);
    if (!event) {
      this.store.files.logger.warn(`${QUEUE_FILE} at byte ${at}: not an approval event; skipped.`);
      return;
    }
    if (event.ev === 'proposed') this.ids.observe(event.id);
    foldApprovalEvent(this.states, event);
  }

  private reset(): void {
    this.states = new Map();
    this.offset = 0;
    this.ino = undefined;
  }

  private size(): number | undefined {
    return this.stat()?.size;
  }

  private stat(): { size: number; ino: number } | undefined {
    try {
      const s = this.store.files.fs.statSync(this.store.files.abs(QUEUE_FILE));
      return { size: s.size, ino: s.ino };
    } catch {
      return undefined;
    }
  }
}

/** A proposal the person has yet to answer: pending (approve or reject) or suggested (accept or dismiss). */
export function waitsForPerson(state: ProposalState): boolean {
  return state.status === 'pending' || state.status === 'suggested';
}
