import type { MemoryRecord } from './record';

export const TASK_STATUSES = ['open', 'in_progress', 'blocked', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** Fields an `updated` event may change; an empty string (or priority 0) clears one. */
export interface TaskPatch {
  text?: string;
  project?: string;
  /** ISO date or time. */
  due?: string;
  /** 1 (highest) .. 4. */
  priority?: number;
  notes?: string;
  /** Ids of tasks this one waits for; an empty array clears them. */
  dependsOn?: string[];
  /** What blocks it, in the person's words. */
  blockedReason?: string;
}

/** One line of `memory/tasks.jsonl`. */
export type TaskEvent = { task: string; ts: string } & (
  | { ev: 'created'; record: MemoryRecord }
  | { ev: 'updated'; patch: TaskPatch }
  | { ev: 'status'; status: TaskStatus }
  | { ev: 'done' }
);

/**
 * A task's state is the fold of its events: the `created` record, then each change. The state is a
 * memory record of kind `task` whose `meta` carries status, due, priority, notes and timestamps,
 * (and `dependsOn`, `blockedReason`) so tasks are searchable and editable like every other memory.
 */
export function applyTaskEvent(current: MemoryRecord | undefined, event: TaskEvent): MemoryRecord | undefined {
  if (event.ev === 'created') return { ...event.record, meta: { status: 'open', ...event.record.meta, updatedAt: event.ts } };
  if (!current) return undefined; // an event for a task we never saw created (compacted away): nothing to fold onto
  const next: MemoryRecord = { ...current, meta: { ...current.meta, updatedAt: event.ts } };
  switch (event.ev) {
    case 'updated': {
      const { text, project, ...meta } = event.patch;
      if (text) next.text = text;
      if (project !== undefined) {
        if (project) next.project = project;
        else delete next.project;
      }
      for (const [key, value] of Object.entries(meta)) {
        if (value === '' || value === 0 || (Array.isArray(value) && value.length === 0)) delete next.meta[key];
        else next.meta[key] = value;
      }
      break;
    }
    case 'status':
      next.meta.status = event.status;
      if (event.status === 'done') next.meta.doneAt = event.ts;
      else delete next.meta.doneAt;
      break;
    case 'done':
      next.meta.status = 'done';
      next.meta.doneAt = event.ts;
      break;
  }
  return next;
}
