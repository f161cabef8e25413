import type { TaskProposal, TaskView } from '../../src/protocol/tasksProtocol';

/** The tasks view's logic, pure: priorities, due dates in words, grouping, what blocks a task. */

/** Stored priority 1..4 shown as P0..P3 (P0 the most urgent). */
export const PRIORITIES = [1, 2, 3, 4] as const;

export function priorityLabel(priority: number | undefined): string {
  return priority && priority >= 1 && priority <= 4 ? `P${priority - 1}` : '';
}

const FINISHED = new Set<TaskView['status']>(['done', 'cancelled']);

export function isFinished(task: TaskView): boolean {
  return FINISHED.has(task.status);
}

const DAY = 86_400_000;

/** The calendar day of a due value (`2026-03-04` or an ISO time), in local time for times. */
function dueDay(due: string): number | undefined {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(due) ? Date.parse(`${due}T00:00:00`) : Date.parse(due);
  if (Number.isNaN(day)) return undefined;
  const d = new Date(day);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}

export type DueTone = 'overdue' | 'today' | 'soon' | 'later';

/** "Overdue by 2 days", "Due today", "Due tomorrow", "Due in 5 days", "Due 2026-05-01". */
export function dueText(due: string, now: Date): { text: string; tone: DueTone } {
  const day = dueDay(due);
  if (day === undefined) return { text: `Due ${due}`, tone: 'later' };
  const today = new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
  const days = Math.round((day - today) / DAY);
  if (days < 0) return { text: `Overdue by ${-days} day${days === -1 ? '' : 's'}`, tone: 'overdue' };
  if (days === 0) return { text: 'Due today', tone: 'today' };
  if (days === 1) return { text: 'Due tomorrow', tone: 'soon' };
  if (days <= 14) return { text: `Due in ${days} days`, tone: days <= 3 ? 'soon' : 'later' };
  return { text: `Due ${due.slice(0, 10)}`, tone: 'later' };
}

/** Most urgent first: priority (none last), then due date (none last), then oldest. */
export function sortTasks(tasks: readonly TaskView[]): TaskView[] {
  const rank = (t: TaskView) => t.priority ?? 99;
  const due = (t: TaskView) => (t.due ? (dueDay(t.due) ?? Infinity) : Infinity);
  return [...tasks].sort((a, b) => rank(a) - rank(b) || due(a) - due(b) || (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
}

export interface TaskGroups {
  inProgress: TaskView[];
  blocked: TaskView[];
  open: TaskView[];
  /** Newest finished first. */
  done: TaskView[];
}

export function groupTasks(tasks: readonly TaskView[]): TaskGroups {
  const by = (status: TaskView['status']) => sortTasks(tasks.filter((t) => t.status === status));
  const done = tasks.filter(isFinished).sort((a, b) => ((a.doneAt ?? a.updatedAt) < (b.doneAt ?? b.updatedAt) ? 1 : -1));
  return { inProgress: by('in_progress'), blocked: by('blocked'), open: by('open'), done };
}

/** The dependencies still open (neither done nor cancelled); unknown ids count as open by id. */
export function openDependencies(task: TaskView, tasks: readonly TaskView[]): { id: string; title: string }[] {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  return task.dependsOn.flatMap((id) => {
    const dep = byId.get(id);
    if (dep && isFinished(dep)) return [];
    return [{ id, title: dep?.title ?? `a task no longer listed (${id})` }];
  });
}

/** What holds a task up, in words: the person's reason and every open dependency. */
export function blockers(task: TaskView, tasks: readonly TaskView[]): string[] {
  const out: string[] = [];
  if (task.blockedReason) out.push(task.blockedReason);
  for (const dep of openDependencies(task, tasks)) out.push(`waits for "${dep.title}"`);
  return out;
}

/** Tasks a task could depend on: unfinished, not itself, not already a dependency. */
export function dependencyChoices(task: TaskView, tasks: readonly TaskView[]): TaskView[] {
  return sortTasks(tasks.filter((t) => t.id !== task.id && !isFinished(t) && !task.dependsOn.includes(t.id)));
}

/** Who proposed, in words: `agent:reflector` → "the reflector agent". */
export function proposerName(source: string): string {
  if (source.startsWith('agent:')) return `the ${source.slice('agent:'.length)} agent`;
  if (source === 'chat') return 'the chat';
  if (source === 'cli') return 'a script (mh)';
  return source;
}

/** "Suggested by the reflector agent" (trust suggest) or "Waiting for your approval" (pending). */
export function proposalStatusText(proposal: TaskProposal): string {
  return proposal.status === 'suggested' ? `Suggested by ${proposerName(proposal.source)}` : `Proposed by ${proposerName(proposal.source)}, waiting for your approval`;
}

/** A sentence for the add form's validation: what is wrong with the draft, or undefined. */
export function draftProblem(draft: { title: string; due: string }): string | undefined {
  if (!draft.title.trim()) return 'Give the task a title.';
  if (draft.due && !/^\d{4}-\d{2}-\d{2}$/.test(draft.due)) return 'The due date must be a date (YYYY-MM-DD).';
  return undefined;
}

/** The status as people say it. */
export function statusLabel(status: TaskView['status']): string {
  return { open: 'Open', in_progress: 'In progress', blocked: 'Blocked', done: 'Done', cancelled: 'Cancelled' }[status];
}
