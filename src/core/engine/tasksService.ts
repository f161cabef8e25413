import { mkdirSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { ApprovalQueue, waitsForPerson } from '../decisions/approvalQueue';
import type { ProposalState } from '../decisions/decisionTypes';
import type { Task } from '../memory/taskStore';
import type { ProfileStore } from '../profile/profileStore';
import type { Messenger } from '../../protocol/messenger';
import {
  TasksAddRequest,
  TasksFollowStream,
  TasksListRequest,
  TasksSetStatusRequest,
  TasksUpdateRequest,
  type TaskProposal,
  type TasksState,
  type TaskStatusView,
  type TaskView,
} from '../../protocol/tasksProtocol';

export interface TasksServicePorts {
  openStore(): Promise<ProfileStore>;
  /** The tasks or the twin's task proposals changed (besides the `follow` streams). */
  onChanged?(): void;
}

type SetStatusParams = { id: string; status: TaskStatusView; blockedReason?: string; confirmed?: boolean };
type SetStatusResult = { changed: true; task: TaskView } | { changed: false; task: TaskView; openDependencies: TaskView[] };

/** Tasks a dependency may still hold up. */
const FINISHED = new Set(['done', 'cancelled']);
/** Changes to the task log and the approval queue arrive in bursts; one notice per burst. */
const SETTLE_MS = 100;

/**
 * The tasks view's engine side. The person's edits go straight to the task store (their own
 * actions, audited by the store); the twin's `task` proposals are read from the approval queue
 * and listed apart, never as tasks, until the person approves them.
 */
export class TasksService {
  private watchers: FSWatcher[] = [];
  private settle?: ReturnType<typeof setTimeout>;
  private closed = false;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly ports: TasksServicePorts) {}

  async list(): Promise<TasksState> {
    const store = await this.ports.openStore();
    this.watch(store);
    const tasks = (await store.tasks.list()).map(taskView);
    const proposals = new ApprovalQueue(store).list().filter((p) => p.skill === 'task' && waitsForPerson(p)).map(proposalView);
    return { tasks, proposals };
  }

  async add(params: { title: string; priority?: number; due?: string; dependsOn?: string[]; project?: string; notes?: string }): Promise<TaskView> {
    const store = await this.ports.openStore();
    const dependsOn = params.dependsOn?.length ? await checkDependencies(store, undefined, params.dependsOn) : undefined;
    const task = await store.tasks.add({ title: params.title, priority: params.priority, due: params.due || undefined, dependsOn, project: params.project || undefined, notes: params.notes || undefined, source: 'user' });
    this.changed();
    return taskView(task);
  }

  async update(params: { id: string; title?: string; priority?: number; due?: string; dependsOn?: string[]; notes?: string }): Promise<TaskView> {
    const store = await this.ports.openStore();
    await existing(store, params.id);
    const { id, title, ...rest } = params;
    const patch = { ...rest, ...(title !== undefined ? { text: title } : {}) };
    if (patch.dependsOn?.length) patch.dependsOn = await checkDependencies(store, id, patch.dependsOn);
    if (Object.keys(patch).length === 0) throw new Error('Nothing to change: give a title, priority, due date, dependencies or notes.');
    const task = await store.tasks.update(id, patch);
    this.changed();
    return taskView(task);
  }

  async setStatus(params: SetStatusParams): Promise<SetStatusResult> {
    const store = await this.ports.openStore();
    const task = await existing(store, params.id);
    if (params.status === 'done' && !params.confirmed) {
      const open = await openDependencies(store, task);
      if (open.length > 0) return { changed: false, task: taskView(task), openDependencies: open.map(taskView) };
    }
    const reason = params.status === 'blocked' ? (params.blockedReason?.trim() ?? '') : '';
    if (reason !== (task.blockedReason ?? '')) await store.tasks.update(task.id, { blockedReason: reason });
    const next = task.status === params.status ? await existing(store, task.id) : await store.tasks.setStatus(task.id, params.status);
    this.changed();
    return { changed: true, task: taskView(next) };
  }

  /**
   * A first chunk once the watch is up (whatever changed before is in the next list), then one per
   * change, until `signal` aborts (the view closed).
   */
  async *follow(signal: AbortSignal): AsyncGenerator<Record<string, never>> {
    await this.list();
    let pending = true;
    let wake: (() => void) | undefined;
    const listener = () => {
      pending = true;
      wake?.();
    };
    const stop = () => wake?.();
    this.listeners.add(listener);
    signal.addEventListener('abort', stop);
    try {
      while (!signal.aborted && !this.closed) {
        if (!pending) await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        if (signal.aborted || this.closed) return;
        pending = false;
        yield {};
      }
    } finally {
      this.listeners.delete(listener);
      signal.removeEventListener('abort', stop);
    }
  }

  /** Watches the task log and the approval queue (any writer: this engine, another window, `mh`). */
  private watch(store: ProfileStore): void {
    if (this.watchers.length > 0 || this.closed) return;
    for (const [dir, file] of [['memory', 'tasks.jsonl'], ['approvals', 'queue.jsonl']] as const) {
      try {
        const abs = join(store.dir, dir);
        mkdirSync(abs, { recursive: true });
        const watcher = watch(abs, (_event, name) => {
          if (!name || String(name) === file) this.changed();
        });
        watcher.unref();
        this.watchers.push(watcher);
      } catch {
        /* no watch here: the view still refreshes after the person's own edits */
      }
    }
  }

  private changed(): void {
    if (this.closed) return;
    if (this.settle) clearTimeout(this.settle);
    this.settle = setTimeout(() => {
      this.ports.onChanged?.();
      for (const listener of this.listeners) listener();
    }, SETTLE_MS);
    this.settle.unref?.();
  }

  close(): void {
    this.closed = true;
    if (this.settle) clearTimeout(this.settle);
    for (const watcher of this.watchers.splice(0)) watcher.close();
    for (const listener of this.listeners) listener();
  }
}

export function registerTasksHandlers(messenger: Messenger, services: { openStore(): Promise<ProfileStore> }): TasksService {
  const tasks = new TasksService({ openStore: () => services.openStore() });
  messenger.onRequest(TasksListRequest, () => tasks.list());
  messenger.onRequest(TasksAddRequest, (params) => tasks.add(params));
  messenger.onRequest(TasksUpdateRequest, (params) => tasks.update(params));
  messenger.onRequest(TasksSetStatusRequest, (params) => tasks.setStatus(params));
  messenger.onStream(TasksFollowStream, (_params, ctx) => tasks.follow(ctx.signal));
  return tasks;
}

async function existing(store: ProfileStore, id: string): Promise<Task> {
  const task = await store.tasks.get(id);
  if (!task) throw new Error(`No task with id ${id}.`);
  return task;
}

/** Every dependency must be another existing task, and none may (through others) wait for this one. */
async function checkDependencies(store: ProfileStore, id: string | undefined, dependsOn: string[]): Promise<string[]> {
  const unique = [...new Set(dependsOn)];
  const all = new Map((await store.tasks.list()).map((t) => [t.id, t]));
  for (const dep of unique) {
    if (dep === id) throw new Error('A task cannot depend on itself.');
    const task = all.get(dep);
    if (!task) throw new Error(`No task with id ${dep} to depend on.`);
    if (id && reaches(all, dep, id)) throw new Error(`"${task.title}" already waits for this task; depending on it would make a circle.`);
  }
  return unique;
}

function reaches(all: Map<string, Task>, from: string, target: string, seen = new Set<string>()): boolean {
  if (from === target) return true;
  if (seen.has(from)) return false;
  seen.add(from);
  return (all.get(from)?.dependsOn ?? []).some((next) => reaches(all, next, target, seen));
}

async function openDependencies(store: ProfileStore, task: Task): Promise<Task[]> {
  const open: Task[] = [];
  for (const id of task.dependsOn ?? []) {
    const dep = await store.tasks.get(id);
    if (dep && !FINISHED.has(dep.status)) open.push(dep);
  }
  return open;
}

export function taskView(task: Task): TaskView {
  return {
    id: task.id,
    title: task.title,
    status: task.status,
    ...(task.project ? { project: task.project } : {}),
    ...(task.due ? { due: task.due } : {}),
    ...(task.priority ? { priority: task.priority } : {}),
    ...(task.notes ? { notes: task.notes } : {}),
    dependsOn: task.dependsOn ?? [],
    ...(task.blockedReason ? { blockedReason: task.blockedReason } : {}),
    source: task.source ?? 'user',
    createdAt: task.createdAt,
    updatedAt: task.updatedAt,
    ...(task.doneAt ? { doneAt: task.doneAt } : {}),
  };
}

function proposalView(state: ProposalState): TaskProposal {
  const args = state.args as { action?: string; title?: string; due?: string; priority?: number };
  const action = typeof args.action === 'string' ? args.action : 'create';
  const title = action === 'create' && typeof args.title === 'string' && args.title ? args.title : (state.preview?.summary ?? `${action} a task`);
  return {
    id: state.id,
    status: state.status === 'suggested' ? 'suggested' : 'pending',
    action,
    title,
    reason: state.reason,
    source: state.source,
    createdAt: state.createdAt,
    ...(typeof args.due === 'string' && args.due ? { due: args.due } : {}),
    ...(typeof args.priority === 'number' && args.priority > 0 ? { priority: args.priority } : {}),
  };
}
