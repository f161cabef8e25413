import * as v from 'valibot';
import { AgentIdSchema, AgentsStatusSchema } from './agentsProtocol';
import { defineCommand, defineNotification } from './messageTypes';

/**
 * Messages between the agents view and the host. The view also uses `agents/status`,
 * `agents/cancel`, `agents/pause` (relayed to the engine) and receives `agents/activity`.
 */

export const AgentsViewStateSchema = v.object({
  /** The scheduler's state, once the engine has answered. */
  status: v.optional(AgentsStatusSchema),
  /** Why the state is unknown (engine not running, failed), with the way forward. */
  error: v.optional(v.string()),
  /** What the runs listed wrote (their first few ids each), by id; a forgotten record is missing. */
  records: v.optional(v.record(v.string(), v.object({ kind: v.string(), preview: v.string() }))),
});
/** Records a run names in the view (the host looks up these; the rest are counted). */
export const WRITTEN_RECORDS_SHOWN = 5;
export type WrittenRecordPreviews = NonNullable<AgentsViewState['records']>;
export type AgentsViewState = v.InferOutput<typeof AgentsViewStateSchema>;

/** Host → view: a fresh snapshot. */
export const AgentsViewStateNotification = defineNotification('agentsView/state', AgentsViewStateSchema);

/** View → host: run an agent now (the host shows its cancellable progress notification). */
export const AgentsViewRunCommand = defineCommand('agentsView/run', v.object({ agent: AgentIdSchema }));

/** View → host: open a record a run wrote (as a memory document, like the chat's citations). */
export const AgentsViewOpenMemoryCommand = defineCommand('agentsView/openMemory', v.object({ id: v.string() }));
