import { StoreError } from '../profile/storeError';
import type { MemoryStore } from './memoryStore';
import type { MemoryRecord } from './record';
import type { TaskEvent, TaskPatch, TaskStatus } from './taskFold';

export interface NewTask {
  title: string;
  project?: string;
  /** ISO date or time. */
  due?: string;
  /** 1 (highest) .. 4. */
  priority?: number;
  notes?: string;
  /** Ids of tasks this one waits for. */
  dependsOn?: string[];
  tags?: string[];
  /** Where it came from; defaults to `user`. */
  source?: string;
}

/** A task's current state: the fold of its events. */
export interface Task {
  id: string;
  title: string;
  status: TaskStatus;
  project?: string;
  due?: string;
  priority?: number;
  notes?: string;
  dependsOn?: string[];
  blockedReason?: string;
  /** Who wrote it: `user`, `skill:task` (the twin, once approved)… */
  source?: string;
  tags: string[];
  createdAt: string;
  updatedAt: string;
  doneAt?: string;
}

/**
 * Tasks as the person sees them. Underneath, each task is a memory record of kind `task` whose
 * history is the event log `memory/tasks.jsonl`; this class only translates.
 */
export class TaskStore {
  constructor(private readonly memory: MemoryStore) {}

  async add(task: NewTask): Promise<Task> {
    const meta: Record<string, unknown> = { status: 'open' };
    if (task.due) meta.due = task.due;
    if (task.priority) meta.priority = task.priority;
    if (task.notes) meta.notes = task.notes;
    if (task.dependsOn?.length) meta.dependsOn = task.dependsOn;
    const record = await this.memory.append({
      kind: 'task',
      text: task.title,
      source: task.source ?? 'user',
      ...(task.project ? { project: task.project } : {}),
      tags: task.tags ?? [],
      meta,
    });
    return toTask(record);
  }

  async update(id: string, patch: TaskPatch): Promise<Task> {
    return toTask(await this.memory.appendTaskEvent(id, { ev: 'updated', patch }));
  }

  async setStatus(id: string, status: TaskStatus): Promise<Task> {
    return toTask(await this.memory.appendTaskEvent(id, { ev: 'status', status }));
  }

  async done(id: string): Promise<Task> {
    return toTask(await this.memory.appendTaskEvent(id, { ev: 'done' }));
  }

  async get(id: string): Promise<Task | undefined> {
    const record = await this.memory.get(id);
    return record?.kind === 'task' ? toTask(record) : undefined;
  }

  /** Tasks by status (`active`: neither done nor cancelled), oldest first. */
  async list(filter: { status?: TaskStatus | 'active' } = {}): Promise<Task[]> {
    const tasks = (await this.memory.taskRecords()).map(toTask).sort((a, b) => (a.id < b.id ? -1 : 1));
    if (!filter.status) return tasks;
    if (filter.status === 'active') return tasks.filter((t) => t.status !== 'done' && t.status !== 'cancelled');
    return tasks.filter((t) => t.status === filter.status);
  }

  /** Every event of the task, oldest first: how it got to where it is. */
  async history(id: string): Promise<TaskEvent[]> {
    const events = await this.memory.taskEvents(id);
    if (events.length === 0) throw new StoreError('NOT_FOUND', `No task with id ${id}.`);
    return events;
  }
}

export function toTask(record: MemoryRecord): Task {
  const meta = record.meta as { status?: TaskStatus; due?: string; priority?: number; notes?: string; dependsOn?: string[]; blockedReason?: string; updatedAt?: string; doneAt?: string };
  return {
    id: record.id,
    title: record.text,
    status: meta.status ?? 'open',
    ...(record.project ? { project: record.project } : {}),
    ...(meta.due ? { due: meta.due } : {}),
    ...(meta.priority ? { priority: meta.priority } : {}),
    ...(meta.notes ? { notes: meta.notes } : {}),
    ...(meta.dependsOn?.length ? { dependsOn: meta.dependsOn } : {}),
    ...(meta.blockedReason ? { blockedReason: meta.blockedReason } : {}),
    source: record.source,
    tags: record.tags,
    createdAt: record.ts,
    updatedAt: meta.updatedAt ?? record.ts,
    ...(meta.doneAt ? { doneAt: meta.doneAt } : {}),
  };
}
