import * as v from 'valibot';
import { AuditEntryViewSchema, AuditReportSchema } from './auditProtocol';
import { defineCommand, defineNotification } from './messageTypes';

/**
 * Messages between the audit panel and the host. The panel also sends `audit/search`, relayed to
 * the engine; new entries come from the engine's `audit/follow` stream, held open by the host.
 */

export const AuditViewStateSchema = v.object({
  /** The last hash-chain check (`mh audit verify`). */
  report: v.optional(AuditReportSchema),
  /** Why the check could not run (engine not running…), with the way forward. */
  verifyError: v.optional(v.string()),
  /** A check is running. */
  verifying: v.optional(v.boolean()),
});
export type AuditViewState = v.InferOutput<typeof AuditViewStateSchema>;

/** Host → panel: a fresh snapshot (the verify result). */
export const AuditViewStateNotification = defineNotification('auditView/state', AuditViewStateSchema);

/** Host → panel: entries just appended to the log (by any process), oldest first. */
export const AuditViewEntriesNotification = defineNotification('auditView/entries', v.object({ entries: v.array(AuditEntryViewSchema) }));

/** Panel → host: run the chain check again ("Verify again"). */
export const AuditViewVerifyCommand = defineCommand('auditView/verify', v.object({}));
