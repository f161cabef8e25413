import * as v from 'valibot';
import { defineRequest, defineStream } from './messageTypes';

/** Tasks: the person's task list and the tasks the twin proposes, between the engine, the host and the tasks view. */

export const TaskStatusSchema = v.picklist(['open', 'in_progress', 'blocked', 'done', 'cancelled']);
export type TaskStatusView = v.InferOutput<typeof TaskStatusSchema>;

/** 1 (P0, the highest) .. 4 (P3). */
const PrioritySchema = v.pipe(v.number(), v.integer(), v.minValue(1, 'The priority is 1 (P0) to 4 (P3).'), v.maxValue(4, 'The priority is 1 (P0) to 4 (P3).'));
/** A calendar day or an ISO time. */
const DueSchema = v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/, 'The due date must be YYYY-MM-DD or an ISO time.'));
const TitleSchema = v.pipe(v.string(), v.trim(), v.minLength(1, 'A task needs a title.'), v.maxLength(1000, 'A task title is at most 1000 characters.'));

export const TaskViewSchema = v.object({
  id: v.string(),
  title: v.string(),
  status: TaskStatusSchema,
  project: v.optional(v.string()),
  /** YYYY-MM-DD or an ISO time. */
  due: v.optional(v.string()),
  /** 1 (P0) .. 4 (P3). */
  priority: v.optional(v.number()),
  notes: v.optional(v.string()),
  /** Ids of the tasks this one waits for. */
  dependsOn: v.array(v.string()),
  /** What blocks it, in the person's words. */
  blockedReason: v.optional(v.string()),
  /** Where it came from: `user`, `skill:task` (the twin, after an approval)… */
  source: v.string(),
  createdAt: v.string(),
  updatedAt: v.string(),
  doneAt: v.optional(v.string()),
});
export type TaskView = v.InferOutput<typeof TaskViewSchema>;

/** A `task` proposal of the twin still waiting for the person (pending or suggested): not a task yet. */
export const TaskProposalSchema = v.object({
  /** The proposal id in the approval queue (for `metahuman.showApprovals`). */
  id: v.string(),
  status: v.picklist(['pending', 'suggested']),
  action: v.string(),
  /** The task's title as proposed, or the preview's summary when it changes an existing task. */
  title: v.string(),
  reason: v.string(),
  /** `agent:reflector`, `chat`… */
  source: v.string(),
  createdAt: v.string(),
  due: v.optional(v.string()),
  priority: v.optional(v.number()),
});
export type TaskProposal = v.InferOutput<typeof TaskProposalSchema>;

export const TasksStateSchema = v.object({
  /** Every task, oldest first. */
  tasks: v.array(TaskViewSchema),
  /** The twin's task proposals waiting for an answer, oldest first. */
  proposals: v.array(TaskProposalSchema),
});
export type TasksState = v.InferOutput<typeof TasksStateSchema>;

export const TasksListRequest = defineRequest('tasks/list', v.optional(v.object({}), {}), TasksStateSchema);

/** The person adds a task (written straight to the store: the person's own action, audited there). */
export const TasksAddRequest = defineRequest(
  'tasks/add',
  v.object({ title: TitleSchema, priority: v.optional(PrioritySchema), due: v.optional(DueSchema), dependsOn: v.optional(v.array(v.string())), project: v.optional(v.string()), notes: v.optional(v.string()) }),
  TaskViewSchema,
);

/** Changes fields; `priority: 0`, `due: ''` and `dependsOn: []` clear them. */
export const TasksUpdateRequest = defineRequest(
  'tasks/update',
  v.object({
    id: v.string(),
    title: v.optional(TitleSchema),
    priority: v.optional(v.union([v.literal(0), PrioritySchema])),
    due: v.optional(v.union([v.literal(''), DueSchema])),
    dependsOn: v.optional(v.array(v.string())),
    notes: v.optional(v.string()),
  }),
  TaskViewSchema,
);

/**
 * Moves a task: start (`in_progress`), block (with a reason), complete (`done`), reopen, cancel.
 * Completing a task whose dependencies are still open needs `confirmed`; without it nothing
 * changes and the answer names the open dependencies.
 */
export const TasksSetStatusRequest = defineRequest(
  'tasks/setStatus',
  v.object({ id: v.string(), status: TaskStatusSchema, blockedReason: v.optional(v.pipe(v.string(), v.maxLength(1000))), confirmed: v.optional(v.boolean()) }),
  v.variant('changed', [
    v.object({ changed: v.literal(true), task: TaskViewSchema }),
    v.object({ changed: v.literal(false), task: TaskViewSchema, openDependencies: v.array(TaskViewSchema) }),
  ]),
);

/**
 * Engine → host, while the tasks view is open: a first chunk once the engine watches, then one each time the tasks or the twin's task
 * proposals change (here, in another window, or by `mh`); cancelling the stream stops the watch.
 */
export const TasksFollowStream = defineStream('tasks/follow', v.optional(v.object({}), {}), v.object({}));
