import type { MemoryKind } from './record';

/** The three shapes of memory file, each with its own header `format`. */
export type MemoryFamily = 'segment' | 'tasks' | 'edits';

export const EPISODIC_DIR = 'memory/episodic';
export const REFLECTIONS_DIR = 'memory/reflections';
export const TASKS_FILE = 'memory/tasks.jsonl';
export const EDITS_FILE = 'memory/edits.jsonl';

/** Kinds the agents write about memories rather than from the world: kept apart, same shape. */
const REFLECTIVE: ReadonlySet<MemoryKind> = new Set(['reflection', 'dream', 'dialogue', 'brief']);
const SEGMENT_NAME = /^\d{4}-\d{2}\.jsonl$/;

/**
 * Where a new record goes. Segments are monthly by the time of writing (not the record's own
 * `ts`, which may be back-dated), so only the newest segment of each folder ever grows.
 */
export function fileForKind(kind: MemoryKind, writtenAt: Date): string {
  if (kind === 'task') return TASKS_FILE;
  const month = writtenAt.toISOString().slice(0, 7);
  return `${REFLECTIVE.has(kind) ? REFLECTIONS_DIR : EPISODIC_DIR}/${month}.jsonl`;
}

export function familyOf(rel: string): MemoryFamily {
  if (rel === TASKS_FILE) return 'tasks';
  if (rel === EDITS_FILE) return 'edits';
  return 'segment';
}

/** Every memory file, in the order readers visit them: segments by month, then tasks, then edits. */
export function listMemoryFiles(list: (relDir: string) => string[], exists: (rel: string) => boolean): string[] {
  const out: string[] = [];
  for (const dir of [EPISODIC_DIR, REFLECTIONS_DIR]) {
    for (const name of list(dir)) if (SEGMENT_NAME.test(name)) out.push(`${dir}/${name}`);
  }
  if (exists(TASKS_FILE)) out.push(TASKS_FILE);
  if (exists(EDITS_FILE)) out.push(EDITS_FILE);
  return out;
}
