import type { MemoryFamily } from './memoryFiles';
import { MEMORY_KINDS, type MemoryKind, type MemoryRecord } from './record';

export interface MigrationInput {
  value: unknown;
  line: number;
}

export interface MigrationResult {
  /** Lines in the current format, in order. */
  values: unknown[];
  /** Lines that could not be understood: the caller quarantines them. */
  rejected: { line: number; reason: string }[];
}

/**
 * Version 1 (the first prototype) wrote files without a header: records as
 * `{id, type, time: epoch ms, text, source?, tags?: "a,b", project?, importance?}`, tasks as whole
 * snapshots `{id, title, done, created, updated?, project?}` appended on every change, and edits as
 * `{id, at: epoch ms, op, …}`. Version 2 adds the header, the full record shape, and event-sourced
 * tasks. Migrations run on open, under the lock, and rewrite the file atomically.
 */
export function migrateFromV1(family: MemoryFamily, inputs: readonly MigrationInput[]): MigrationResult {
  if (family === 'tasks') return migrateTasks(inputs);
  const values: unknown[] = [];
  const rejected: MigrationResult['rejected'] = [];
  for (const { value, line } of inputs) {
    try {
      values.push(family === 'segment' ? migrateRecord(value) : migrateEdit(value));
    } catch (error) {
      rejected.push({ line, reason: `cannot migrate from version 1: ${(error as Error).message}` });
    }
  }
  return { values, rejected };
}

interface V1Record {
  id: string;
  type: string;
  time: number;
  text: string;
  source?: string;
  tags?: string;
  project?: string;
  importance?: number;
}

function migrateRecord(value: unknown): MemoryRecord {
  const v = value as V1Record;
  if (typeof v?.id !== 'string' || typeof v.text !== 'string' || typeof v.time !== 'number') throw new Error('needs id, text and time');
  const kind = (MEMORY_KINDS as readonly string[]).includes(v.type) ? (v.type as MemoryKind) : 'note';
  return {
    id: v.id,
    kind,
    ts: new Date(v.time).toISOString(),
    text: v.text,
    source: v.source || 'v1',
    ...(v.project ? { project: v.project } : {}),
    tags: splitTags(v.tags),
    entities: [],
    ...(typeof v.importance === 'number' ? { importance: v.importance } : {}),
    links: [],
    meta: kind === v.type ? {} : { v1Type: v.type },
  };
}

function migrateEdit(value: unknown): unknown {
  const { id, at, ...rest } = value as { id: string; at: number; op: string };
  if (typeof id !== 'string' || typeof at !== 'number' || typeof rest.op !== 'string') throw new Error('needs id, at and op');
  return { target: id, ts: new Date(at).toISOString(), ...rest };
}

interface V1Task {
  id: string;
  title: string;
  done: boolean;
  created: number;
  updated?: number;
  project?: string;
}

/** Snapshots become events: the first is `created`, later ones become `updated` and `done`. */
function migrateTasks(inputs: readonly MigrationInput[]): MigrationResult {
  const values: unknown[] = [];
  const rejected: MigrationResult['rejected'] = [];
  const seen = new Map<string, V1Task>();
  for (const { value, line } of inputs) {
    const t = value as V1Task;
    if (typeof t?.id !== 'string' || typeof t.title !== 'string' || typeof t.created !== 'number') {
      rejected.push({ line, reason: 'cannot migrate from version 1: a task needs id, title and created' });
      continue;
    }
    const ts = new Date(t.updated ?? t.created).toISOString();
    const before = seen.get(t.id);
    if (!before) {
      const record: MemoryRecord = {
        id: t.id,
        kind: 'task',
        ts: new Date(t.created).toISOString(),
        text: t.title,
        source: 'v1',
        ...(t.project ? { project: t.project } : {}),
        tags: [],
        entities: [],
        links: [],
        meta: { status: 'open' },
      };
      values.push({ task: t.id, ts: record.ts, ev: 'created', record });
    } else if (before.title !== t.title) {
      values.push({ task: t.id, ts, ev: 'updated', patch: { text: t.title } });
    }
    if (t.done && !before?.done) values.push({ task: t.id, ts, ev: 'done' });
    if (!t.done && before?.done) values.push({ task: t.id, ts, ev: 'status', status: 'open' });
    seen.set(t.id, t);
  }
  return { values, rejected };
}

function splitTags(tags: unknown): string[] {
  if (Array.isArray(tags)) return tags.filter((t): t is string => typeof t === 'string' && t.length > 0);
  if (typeof tags !== 'string') return [];
  return tags.split(',').map((t) => t.trim()).filter(Boolean);
}
