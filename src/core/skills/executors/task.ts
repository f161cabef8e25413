import type { TaskPatch } from '../../memory/taskFold';
import type { Task, TaskStore } from '../../memory/taskStore';
import { SkillInputError, type SkillContext, type SkillExecutor, type SkillPreview, type UndoInfo } from '../skillTypes';

export type TaskArgs = {
  action: 'create' | 'update' | 'complete';
  id?: string;
  title?: string;
  project?: string;
  due?: string;
  priority?: number;
  notes?: string;
  tags?: string[];
};

const PATCH_FIELDS = ['title', 'project', 'due', 'priority', 'notes'] as const;
type PatchField = (typeof PATCH_FIELDS)[number];

/** Tasks the twin creates say so (`source`), so the person can tell them from their own. */
const TASK_SOURCE = 'skill:task';

/**
 * `task`: creates, updates or completes a task in the profile's task list (`ctx.store.tasks`). The
 * preview lists exactly which fields change from what to what; the result carries what undo needs
 * (`undoTaskChange`).
 */
export const taskExecutor: SkillExecutor<TaskArgs> = {
  async check(args, ctx) {
    await target(args, ctx);
  },

  async preview(args, ctx) {
    const task = await target(args, ctx);
    if (args.action === 'create') {
      const lines = [`title: ${args.title ?? ''}`, ...PATCH_FIELDS.filter((f) => f !== 'title' && present(args[f])).map((f) => `${f}: ${String(args[f])}`)];
      if (args.tags?.length) lines.push(`tags: ${args.tags.join(', ')}`);
      return { summary: `Create the task "${args.title ?? ''}"`, details: lines.join('\n'), kind: 'task' };
    }
    if (!task) throw new Error('unreachable: target() returns the task for update and complete');
    if (args.action === 'complete') return { summary: `Complete the task "${task.title}"`, details: `status: ${task.status} → done`, kind: 'task' };
    return updatePreview(task, args);
  },

  async execute(args, ctx) {
    const task = await target(args, ctx);
    const tasks = ctx.store.tasks;
    if (args.action === 'create') {
      const created = await tasks.add({ title: args.title ?? '', project: args.project || undefined, due: args.due || undefined, priority: args.priority || undefined, notes: args.notes || undefined, tags: args.tags, source: TASK_SOURCE });
      return { ok: true, output: `Created the task "${created.title}" (${created.id}).`, undo: { files: [], task: { id: created.id, created: true } } };
    }
    if (!task) throw new Error('unreachable: target() returns the task for update and complete');
    if (args.action === 'complete') {
      await tasks.done(task.id);
      return { ok: true, output: `Completed the task "${task.title}" (${task.id}).`, undo: { files: [], task: { id: task.id, created: false, previousStatus: task.status } } };
    }
    const { patch, previous } = changes(task, args);
    await tasks.update(task.id, patch);
    return { ok: true, output: `Updated the task "${task.title}" (${task.id}): ${Object.keys(patch).map(fieldName).join(', ')}.`, undo: { files: [], task: { id: task.id, created: false, previous } } };
  },
};

/** Reverses what the task skill did: a created task is cancelled, a completed one reopened, an update put back. Returns a sentence for the person. */
export async function undoTaskChange(tasks: TaskStore, change: NonNullable<UndoInfo['task']>): Promise<string> {
  const task = await tasks.get(change.id);
  if (!task) throw new Error(`Cannot undo: the task ${change.id} no longer exists.`);
  if (change.created) {
    await tasks.setStatus(change.id, 'cancelled');
    return `Cancelled the task "${task.title}" that was created.`;
  }
  if (change.previous && Object.keys(change.previous).length > 0) await tasks.update(change.id, change.previous);
  if (change.previousStatus && change.previousStatus !== task.status) await tasks.setStatus(change.id, change.previousStatus as Task['status']);
  return `Put the task "${change.previous?.text ?? task.title}" back as it was.`;
}

/** The task an update or complete is about (undefined for create); refuses what cannot apply now. */
async function target(args: TaskArgs, ctx: SkillContext): Promise<Task | undefined> {
  if (args.action === 'create') {
    if (!args.title?.trim()) throw new SkillInputError('title is empty; a new task needs one.', 'title');
    return undefined;
  }
  if (!args.id) throw new SkillInputError(`id is missing; ${args.action} needs the task's id.`, 'id');
  if (args.tags !== undefined) throw new SkillInputError('tags can only be given when creating a task.', 'tags');
  const task = await ctx.store.tasks.get(args.id);
  if (!task) throw new SkillInputError(`id ${args.id} is not a task in the profile.`, 'id');
  if (args.action === 'complete') {
    if (task.status === 'done') throw new SkillInputError(`The task "${task.title}" is already done.`, 'id');
    return task;
  }
  if (Object.keys(changes(task, args).patch).length === 0) throw new SkillInputError(`update changes nothing: give at least one of ${PATCH_FIELDS.join(', ')} with a new value.`, 'title');
  if (args.title !== undefined && !args.title.trim()) throw new SkillInputError('title cannot be made empty.', 'title');
  return task;
}

/** The patch an update applies (fields that differ from now) and the patch that would undo it. */
function changes(task: Task, args: TaskArgs): { patch: TaskPatch; previous: TaskPatch } {
  const patch: Record<string, unknown> = {};
  const previous: Record<string, unknown> = {};
  for (const field of PATCH_FIELDS) {
    const wanted = args[field];
    if (wanted === undefined) continue;
    const now = current(task, field);
    if (normalize(wanted) === normalize(now)) continue;
    const key = field === 'title' ? 'text' : field;
    patch[key] = wanted;
    previous[key] = now ?? (field === 'priority' ? 0 : '');
  }
  return { patch, previous };
}

function updatePreview(task: Task, args: TaskArgs): SkillPreview {
  const { patch, previous } = changes(task, args);
  const show = (value: unknown) => (present(value) ? JSON.stringify(value) : '(none)');
  const lines = Object.keys(patch).map((key) => `${fieldName(key)}: ${show(previous[key as keyof TaskPatch])} → ${show(patch[key as keyof TaskPatch])}`);
  return { summary: `Update the task "${task.title}": ${Object.keys(patch).map(fieldName).join(', ')}`, details: lines.join('\n'), kind: 'task' };
}

function current(task: Task, field: PatchField): string | number | undefined {
  return field === 'title' ? task.title : task[field];
}

function present(value: unknown): boolean {
  return value !== undefined && value !== '' && value !== 0;
}

/** An empty string and priority 0 both mean "none". */
function normalize(value: unknown): unknown {
  return present(value) ? value : undefined;
}

function fieldName(key: string): string {
  return key === 'text' ? 'title' : key;
}
