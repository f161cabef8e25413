import * as v from 'valibot';
import { DecisionsStateSchema } from './decisionsProtocol';
import { defineCommand, defineNotification } from './messageTypes';

/**
 * Messages between the approvals view and the host. The view also sends `decisions/approve`,
 * `decisions/reject`, `decisions/accept`, `decisions/dismiss`, `decisions/undo`, `decisions/pause`
 * and `decisions/setTrust`, relayed to the engine.
 */

export const ApprovalsViewStateSchema = v.object({
  state: v.optional(DecisionsStateSchema),
  /** Why the state is unknown (engine not running, failed), with the way forward. */
  error: v.optional(v.string()),
});
export type ApprovalsViewState = v.InferOutput<typeof ApprovalsViewStateSchema>;

/** Host → view: a fresh snapshot. */
export const ApprovalsViewStateNotification = defineNotification('approvalsView/state', ApprovalsViewStateSchema);

/** Host → view: bring one proposal into view and open its details (a notification's "Details"). */
export const ApprovalsFocusNotification = defineNotification('approvalsView/focus', v.object({ id: v.string() }));

/** View → host: toggle the global dry-run setting. */
export const ApprovalsDryRunCommand = defineCommand('approvalsView/dryRun', v.object({ dryRun: v.boolean() }));
