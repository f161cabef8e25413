import { monotonicFactory } from 'ulid';
import { foldEdits } from '../../../src/core/memory/editFold';
import type { ChangeBatch, ChangeCursor, MemoryChange } from '../../../src/core/memory/memoryChanges';
import type { MemoryEdit, MemoryLog, NewMemoryRecord } from '../../../src/core/memory/memoryLog';
import type { MemoryRecord } from '../../../src/core/memory/record';

/**
 * An in-memory MemoryLog for index tests: appends, edits and forgets become the same change
 * feed the profile store produces (folded upserts and removes, read from a cursor), with none of
 * its files or locks. `readCount` lets tests see how often the index read the feed.
 */
export class InMemoryMemoryLog implements MemoryLog {
  private readonly changes: MemoryChange[] = [];
  private readonly live = new Map<string, MemoryRecord>();
  private readonly newId = monotonicFactory();
  readCount = 0;

  static with(records: NewMemoryRecord[]): InMemoryMemoryLog {
    const log = new InMemoryMemoryLog();
    for (const r of records) log.appendSync(r);
    return log;
  }

  appendSync(input: NewMemoryRecord): MemoryRecord {
    const ts = input.ts ?? new Date().toISOString();
    const record: MemoryRecord = {
      id: this.newId(Date.parse(ts)),
      kind: input.kind,
      ts: new Date(ts).toISOString(),
      text: input.text,
      source: input.source,
      ...(input.project ? { project: input.project } : {}),
      tags: input.tags ?? [],
      entities: input.entities ?? [],
      ...(input.importance !== undefined ? { importance: input.importance } : {}),
      links: input.links ?? [],
      meta: input.meta ?? {},
    };
    this.live.set(record.id, record);
    this.changes.push({ type: 'upsert', record });
    return record;
  }

  async append(input: NewMemoryRecord): Promise<MemoryRecord> {
    return this.appendSync(input);
  }

  async appendMany(inputs: NewMemoryRecord[]): Promise<MemoryRecord[]> {
    return inputs.map((i) => this.appendSync(i));
  }

  async get(id: string): Promise<MemoryRecord | undefined> {
    return this.live.get(id);
  }

  async edit(id: string, edit: MemoryEdit): Promise<MemoryRecord> {
    const prior = this.live.get(id);
    if (!prior) throw new Error(`No memory ${id}`);
    const next = foldEdits(prior, [{ ...edit, target: id, ts: new Date().toISOString() }]);
    this.live.set(id, next);
    this.changes.push({ type: 'upsert', record: next });
    return next;
  }

  async forget(id: string): Promise<void> {
    if (!this.live.delete(id)) return;
    this.changes.push({ type: 'remove', id });
  }

  async *scan(): AsyncIterable<MemoryRecord> {
    for (const r of this.live.values()) yield r;
  }

  async readChanges(cursor: ChangeCursor): Promise<ChangeBatch> {
    this.readCount++;
    const from = cursor.log ?? 0;
    return { changes: this.changes.slice(from), cursor: { log: this.changes.length } };
  }

  records(): MemoryRecord[] {
    return [...this.live.values()];
  }
}

/** A new record with sensible defaults: a coding event from the editor, now. */
export function aMemory(overrides: Partial<NewMemoryRecord> & { text: string }): NewMemoryRecord {
  return { kind: 'event', source: 'vscode:editor', tags: [], entities: [], meta: {}, ...overrides };
}

/** One commit of ../shared/fixtures/commander-history.jsonl. */
export interface Commit {
  sha: string;
  author: string;
  date: string;
  subject: string;
  body: string;
  files: Array<{ path: string; added: number; deleted: number }>;
}

/** A commit as the coding event a git capture adapter would record. */
export function commitMemory(c: Commit): NewMemoryRecord {
  return {
    kind: 'event',
    ts: new Date(c.date).toISOString(),
    text: c.body ? `${c.subject}\n\n${c.body}` : c.subject,
    source: 'git',
    project: 'commander',
    tags: ['commit'],
    entities: [c.author],
    meta: { sha: c.sha, author: c.author, files: c.files.map((f) => f.path) },
  };
}
