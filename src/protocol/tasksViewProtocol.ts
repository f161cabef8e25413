import * as v from 'valibot';
import { defineCommand, defineNotification } from './messageTypes';
import { TasksStateSchema } from './tasksProtocol';

/**
 * Messages between the tasks view and the host. The view also uses `tasks/list`, `tasks/add`,
 * `tasks/update` and `tasks/setStatus`, relayed to the engine.
 */

export const TasksViewStateSchema = v.object({
  /** The tasks and proposals, once the engine has answered. */
  state: v.optional(TasksStateSchema),
  /** Why they are unknown (engine not running, failed), with the way forward. */
  error: v.optional(v.string()),
});
export type TasksViewState = v.InferOutput<typeof TasksViewStateSchema>;

/** Host → view: a fresh snapshot. */
export const TasksViewStateNotification = defineNotification('tasksView/state', TasksViewStateSchema);

/** View → host: open a twin's proposal in the approvals view. */
export const TasksViewShowProposalCommand = defineCommand('tasksView/showProposal', v.object({ id: v.string() }));
