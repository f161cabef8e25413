import type { AuditInput } from '../audit/auditEntry';
import type { AuditLog } from '../audit/auditLog';
import type { ProfileFiles } from '../profile/profileFiles';
import type { ProfileLock } from '../profile/profileLock';
import { splitLines, tryParse } from '../profile/jsonlLines';
import { StoreError } from '../profile/storeError';
import { storageSchemas } from '../profile/storageSchemas';
import type { EditLine } from './editFold';
import { compactMemoryFiles, type CompactionReport } from './memoryCompaction';
import type { ChangeBatch, ChangeCursor } from './memoryChanges';
import { changesSince, cursorOf } from './memoryFeed';
import { EDITS_FILE, familyOf, fileForKind, TASKS_FILE } from './memoryFiles';
import { checkLine, headerLine, MEMORY_FORMAT_VERSION } from './memoryFormat';
import { MemoryIndex, type IndexProblem } from './memoryIndex';
import type { MemoryEdit, MemoryLog, NewMemoryRecord } from './memoryLog';
import { repairMemoryFile } from './memoryRepair';
import type { MemoryKind, MemoryRecord } from './record';
import type { TaskEvent } from './taskFold';

export interface MemoryStoreContext {
  io: ProfileFiles;
  lock: ProfileLock;
  audit: AuditLog;
}

export interface ListOptions {
  kind?: MemoryKind;
  project?: string;
  tag?: string;
  /** Newest first (by id) unless false. */
  newestFirst?: boolean;
  limit?: number;
}

/** A task event as a caller phrases it; the store adds the task id and the time. */
export type TaskEventInput = TaskEvent extends infer E ? (E extends TaskEvent ? Omit<E, 'task' | 'ts'> : never) : never;

const PLACEHOLDER_ID = '00000000000000000000000000';
const AUDIT_ID_LIMIT = 100;

/**
 * The memory side of the profile: append-only JSONL logs, edits folded on read, event-sourced
 * tasks, forget and compaction, and the change feed that derived views tail. Every write takes
 * the profile lock, catches up with what other processes wrote, appends whole lines, and audits.
 */
export class MemoryStore implements MemoryLog {
  private readonly index: MemoryIndex;
  private readonly pendingRepair = new Set<string>();
  private readonly warned = new Set<string>();
  private closed = false;

  private constructor(private readonly ctx: MemoryStoreContext) {
    this.index = new MemoryIndex(ctx.io);
  }

  /** Reads every memory file; repairs (migrates, quarantines) under the lock only when needed. */
  static async open(ctx: MemoryStoreContext): Promise<MemoryStore> {
    const store = new MemoryStore(ctx);
    store.index.refresh();
    const problems = store.index.problems.filter((p) => p.type !== 'newer');
    store.warnAbout(store.index.problems.filter((p) => p.type === 'newer'));
    if (problems.length === 0) return store;
    // A refresh reports a damaged line once (it reads each byte once): remember the file for the repair.
    for (const problem of problems) store.pendingRepair.add(problem.rel);
    try {
      await ctx.lock.withLock('repair', () => store.syncLocked());
    } catch (error) {
      // A profile we may not write (or that stays locked) still opens: damaged lines are skipped
      // with a warning and repaired by the first write that can.
      if (!isUnwritable(error)) throw error;
      store.warnAbout(problems);
      ctx.io.logger.warn(`could not repair yet: ${(error as Error).message}`);
    }
    return store;
  }

  append(input: NewMemoryRecord): Promise<MemoryRecord> {
    return this.appendMany([input]).then((records) => records[0]);
  }

  async appendMany(inputs: NewMemoryRecord[]): Promise<MemoryRecord[]> {
    this.ensureOpen();
    if (inputs.length === 0) return [];
    const drafts = inputs.map((input, i) => this.draft(input, inputs.length > 1 ? `record ${i + 1}` : 'record'));
    return this.ctx.lock.withLock('append', () => {
      this.syncLocked();
      const now = this.ctx.io.clock();
      const records = drafts.map((draft) => ({ ...draft, id: this.index.ids.next(now.getTime()) }));
      const byFile = new Map<string, string[]>();
      for (const record of records) {
        const rel = fileForKind(record.kind, now);
        const line = record.kind === 'task' ? JSON.stringify({ task: record.id, ts: now.toISOString(), ev: 'created', record }) : JSON.stringify(record);
        const lines = byFile.get(rel);
        if (lines) lines.push(line);
        else byFile.set(rel, [line]);
      }
      const kinds = [...new Set(records.map((r) => r.kind))];
      this.writeAudited(byFile, now, {
        type: 'write',
        target: kinds.length === 1 && kinds[0] === 'task' ? 'task' : 'memory',
        op: 'append',
        ids: records.slice(0, AUDIT_ID_LIMIT).map((r) => r.id),
        count: records.length,
        kinds,
        files: [...byFile.keys()],
      });
      // A new record has no edits yet: only a task's state (status, updatedAt) comes from its fold.
      return records.map((r) => (r.kind === 'task' ? (this.index.current(r.id) ?? r) : r));
    });
  }

  get(id: string): Promise<MemoryRecord | undefined> {
    return settle(() => {
      this.ensureOpen();
      this.syncRead();
      const record = this.index.current(id);
      if (record || !this.index.locs.has(id)) return record;
      // The file was rewritten between our refresh and the read: read it afresh.
      this.index.clear();
      this.syncRead();
      return this.index.current(id);
    });
  }

  async edit(id: string, edit: MemoryEdit): Promise<MemoryRecord> {
    this.ensureOpen();
    if ((edit as { op: string }).op === 'forget') throw new StoreError('INVALID', 'Use forget() to forget a memory.');
    const line = { target: id, ts: new Date(0).toISOString(), ...edit } as EditLine;
    const problem = checkLine('edits', line);
    if (problem) throw new StoreError('INVALID', `Invalid edit of ${id}: ${problem}`, EDITS_FILE);
    return this.ctx.lock.withLock('edit', () => {
      this.syncLocked();
      const target = this.requireLive(id);
      line.ts = this.ctx.io.clock().toISOString();
      this.writeAudited(new Map([[EDITS_FILE, [JSON.stringify(line)]]]), this.ctx.io.clock(), {
        type: 'write',
        target: target.kind === 'task' ? 'task' : 'memory',
        op: 'edit',
        ids: [id],
        detail: edit.op,
      });
      return this.index.current(id)!;
    });
  }

  async forget(id: string, reason?: string): Promise<void> {
    this.ensureOpen();
    await this.ctx.lock.withLock('forget', () => {
      this.syncLocked();
      if (this.index.forgotten.has(id)) return;
      const target = this.requireLive(id);
      const line: EditLine = { target: id, ts: this.ctx.io.clock().toISOString(), op: 'forget', ...(reason ? { reason } : {}) };
      const problem = checkLine('edits', line);
      if (problem) throw new StoreError('INVALID', `Invalid forget of ${id}: ${problem}`, EDITS_FILE);
      this.writeAudited(new Map([[EDITS_FILE, [JSON.stringify(line)]]]), this.ctx.io.clock(), {
        type: 'forget',
        target: target.kind === 'task' ? 'task' : 'memory',
        id,
        kind: target.kind,
      });
    });
  }

  /** Rewrites the logs without forgotten records: afterwards their text is on no file of the profile. */
  async compact(): Promise<CompactionReport> {
    this.ensureOpen();
    return this.ctx.lock.withLock('compact', () => {
      this.syncLocked();
      const report = compactMemoryFiles(this.ctx.io, [...this.index.files.values()], new Set(this.index.forgotten.keys()), () => this.ctx.lock.touch());
      this.index.refresh();
      this.ctx.audit.appendLocked({ type: 'write', target: 'memory', op: 'compact', files: report.files, count: report.removedLines + report.removedQuarantined });
      return report;
    });
  }

  async *scan(): AsyncIterable<MemoryRecord> {
    this.ensureOpen();
    this.syncRead();
    const states = [...this.index.files.values()].filter((s) => s.family === 'segment' && s.version === MEMORY_FORMAT_VERSION);
    for (const state of states) {
      const { lines } = splitLines(this.ctx.io.readRange(state.rel, 0, state.consumed), 0, 1);
      const batch: MemoryRecord[] = [];
      for (const line of lines) {
        const id = idOf(line.text);
        const loc = this.index.locs.get(id);
        if (loc?.file !== state.rel || loc.offset !== line.offset) continue; // header, invalid or duplicate line
        const record = this.index.current(id, line.text);
        if (record) batch.push(record);
      }
      yield* batch;
      await nextTurn(); // a long scan must not starve the worker's other requests
    }
    for (const id of [...this.index.tasks.keys()]) {
      const record = this.index.current(id);
      if (record) yield record;
    }
  }

  readChanges(cursor: ChangeCursor): Promise<ChangeBatch> {
    return settle(() => this.readChangesNow(cursor));
  }

  private readChangesNow(cursor: ChangeCursor): ChangeBatch {
    this.ensureOpen();
    this.syncRead();
    return changesSince(this.index, this.ctx.io, cursor);
  }

  /** The position after everything readable now; take it before a `scan` to tail from there. */
  cursor(): Promise<ChangeCursor> {
    return settle(() => {
      this.ensureOpen();
      this.syncRead();
      return cursorOf(this.index);
    });
  }

  /** Live records, filtered, newest first by default (for `mh memory list` and views). */
  async list(options: ListOptions = {}): Promise<MemoryRecord[]> {
    const out: MemoryRecord[] = [];
    for await (const record of this.scan()) {
      if (options.kind && record.kind !== options.kind) continue;
      if (options.project && record.project !== options.project) continue;
      if (options.tag && !record.tags.includes(options.tag)) continue;
      out.push(record);
    }
    out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    if (options.newestFirst !== false) out.reverse();
    return options.limit ? out.slice(0, options.limit) : out;
  }

  /** Live records per kind. */
  counts(): Promise<Record<string, number>> {
    return settle(() => {
      this.ensureOpen();
      this.syncRead();
      return this.index.kindCounts();
    });
  }

  /** Appends one task event (`updated`, `status`, `done`); used by the task store. */
  async appendTaskEvent(id: string, input: TaskEventInput): Promise<MemoryRecord> {
    this.ensureOpen();
    const event = { task: id, ts: new Date(0).toISOString(), ...input };
    const problem = checkLine('tasks', event);
    if (problem) throw new StoreError('INVALID', `Invalid change to task ${id}: ${problem}`, TASKS_FILE);
    return this.ctx.lock.withLock('task', () => {
      this.syncLocked();
      if (!this.index.tasks.has(id) || this.index.forgotten.has(id)) throw new StoreError('NOT_FOUND', `No task with id ${id}.`, TASKS_FILE);
      event.ts = this.ctx.io.clock().toISOString();
      const detail = event.ev === 'status' ? `status:${event.status}` : event.ev;
      this.writeAudited(new Map([[TASKS_FILE, [JSON.stringify(event)]]]), this.ctx.io.clock(), { type: 'write', target: 'task', op: 'task_event', ids: [id], detail });
      return this.index.current(id)!;
    });
  }

  /** Every event of one task, oldest first. */
  taskEvents(id: string): Promise<TaskEvent[]> {
    return settle(() => {
      this.ensureOpen();
      this.syncRead();
      if (this.index.forgotten.has(id)) return [];
      const raw = this.ctx.io.read(TASKS_FILE);
      if (!raw) return [];
      return splitLines(raw, 0, 1)
        .lines.map((l) => tryParse(l.text) as TaskEvent | undefined)
        .filter((e): e is TaskEvent => e?.task === id && checkLine('tasks', e) === undefined);
    });
  }

  /** Current state of every live task. */
  taskRecords(): Promise<MemoryRecord[]> {
    return settle(() => {
      this.ensureOpen();
      this.syncRead();
      return [...this.index.tasks.keys()].map((id) => this.index.current(id)).filter((r): r is MemoryRecord => r !== undefined);
    });
  }

  /** Stops accepting calls; in-flight writes finish under the lock. */
  close(): void {
    this.closed = true;
  }

  /**
   * Under the lock: catch up with other writers, then repair what the catch-up found. Bytes past
   * the last newline are torn here for certain: nobody else can be writing.
   */
  private syncLocked(): void {
    this.index.refresh();
    const repairs = new Set(this.pendingRepair);
    for (const problem of this.index.problems) if (problem.type !== 'newer') repairs.add(problem.rel);
    this.warnAbout(this.index.problems.filter((p) => p.type === 'newer'));
    if (repairs.size === 0) return;
    this.pendingRepair.clear();
    const reports = [...repairs].map((rel) => {
      this.ctx.lock.touch();
      return repairMemoryFile(this.ctx.io, rel);
    });
    this.index.clear();
    this.index.refresh();
    const migrated = reports.filter((r) => r.migrated).map((r) => r.rel);
    const repaired = reports.filter((r) => r.quarantined > 0);
    for (const rel of migrated) this.ctx.io.logger.info?.(`${rel}: migrated to format version ${MEMORY_FORMAT_VERSION}`);
    if (migrated.length) this.ctx.audit.appendLocked({ type: 'write', target: 'memory', op: 'migrate', files: migrated });
    if (repaired.length) {
      this.ctx.audit.appendLocked({ type: 'write', target: 'memory', op: 'repair', files: repaired.map((r) => r.rel), count: repaired.reduce((n, r) => n + r.quarantined, 0) });
    }
  }

  /** Without the lock: catch up; damaged lines are skipped with a warning and repaired at the next write. */
  private syncRead(): void {
    this.index.refresh();
    const found = this.index.problems.filter((p) => p.type !== 'partial');
    for (const problem of found) if (problem.type !== 'newer') this.pendingRepair.add(problem.rel);
    this.warnAbout(found);
  }

  private warnAbout(problems: readonly IndexProblem[]): void {
    for (const p of problems) {
      const key = `${p.rel}:${p.offset}:${p.type}`;
      if (this.warned.has(key)) continue;
      this.warned.add(key);
      this.ctx.io.logger.warn(`${p.rel}${p.line ? ` line ${p.line}` : ''}: ${p.reason}; skipped${p.type === 'newer' ? '' : ' (quarantined at the next write)'}`);
    }
  }

  /**
   * Appends lines to several files and audits them, as one unit: if any file or the audit entry
   * fails, what was already appended is cut back, so the logs never hold an unaudited write.
   */
  private writeAudited(byFile: Map<string, string[]>, now: Date, audit: AuditInput): void {
    for (const rel of byFile.keys()) {
      const version = this.index.files.get(rel)?.version ?? MEMORY_FORMAT_VERSION;
      if (version > MEMORY_FORMAT_VERSION) throw new StoreError('INVALID', `${rel} was written in format version ${version} by a newer MetaHuman; update it before writing here.`, rel);
    }
    const done: { rel: string; start: number }[] = [];
    try {
      for (const [rel, lines] of byFile) {
        const result = this.ctx.io.append(rel, lines, () => headerLine(familyOf(rel), 0, now.toISOString()), this.index.files.get(rel)?.consumed);
        done.push({ rel, start: result.start });
      }
      this.ctx.audit.appendLocked(audit);
    } catch (error) {
      for (const { rel, start } of done) {
        try {
          this.ctx.io.truncate(rel, start);
        } catch {
          /* the write error below is what the caller must see */
        }
      }
      throw error;
    }
    this.index.refreshFiles(byFile.keys());
  }

  private draft(input: NewMemoryRecord, label: string): MemoryRecord {
    const ts = input.ts === undefined ? this.ctx.io.clock() : new Date(input.ts);
    if (Number.isNaN(ts.getTime())) throw new StoreError('INVALID', `Invalid ${label}: ts "${input.ts}" is not a date.`);
    const record: MemoryRecord = {
      id: PLACEHOLDER_ID,
      kind: input.kind,
      ts: ts.toISOString(),
      text: input.text,
      source: input.source,
      ...(input.project !== undefined ? { project: input.project } : {}),
      tags: input.tags ?? [],
      entities: input.entities ?? [],
      ...(input.importance !== undefined ? { importance: input.importance } : {}),
      links: input.links ?? [],
      meta: input.meta ?? {},
    };
    const problem = storageSchemas().record(record);
    if (problem) throw new StoreError('INVALID', `Invalid ${label}: ${problem.replace(/^record\.?\s?/, '')}`);
    return record;
  }

  private requireLive(id: string): { kind: MemoryKind } {
    if (this.index.forgotten.has(id)) throw new StoreError('NOT_FOUND', `Memory ${id} was forgotten.`);
    const kind = this.index.tasks.has(id) ? 'task' : this.index.locs.get(id)?.kind;
    if (!kind) throw new StoreError('NOT_FOUND', `No memory with id ${id}.`);
    return { kind };
  }

  private ensureOpen(): void {
    if (this.closed) throw new StoreError('CLOSED', 'The profile store is closed.');
  }
}

/** The id of a record line, without parsing it when `id` comes first (as the store writes it). */
function idOf(text: string): string {
  if (text.startsWith('{"id":"') && text[33] === '"') return text.slice(7, 33);
  const id = (tryParse(text) as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' ? id : '';
}

function isUnwritable(error: unknown): boolean {
  return error instanceof StoreError && (error.code === 'PERMISSION' || error.code === 'READ_ONLY' || error.code === 'LOCKED' || error.code === 'NO_SPACE');
}

/** Runs synchronous file work as a promise, so that a throw becomes a rejection like any async failure. */
function settle<T>(work: () => T): Promise<T> {
  return new Promise((resolve) => resolve(work()));
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
