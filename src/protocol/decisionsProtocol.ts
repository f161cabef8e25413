import * as v from 'valibot';
import { defineNotification, defineRequest } from './messageTypes';

/** Decisions: proposals, approvals, skills and trust, between the engine, the host and the approvals view. */

const TrustLevelSchema = v.picklist(['observe', 'suggest', 'supervised', 'bounded', 'adaptive']);
const DecisionSchema = v.picklist(['allow', 'ask', 'deny']);

export const SkillPreviewSchema = v.object({
  summary: v.string(),
  details: v.string(),
  kind: v.picklist(['diff', 'command', 'calendar', 'notification', 'task', 'text']),
  files: v.optional(v.array(v.string())),
  command: v.optional(v.object({ line: v.string(), cwd: v.string() })),
});

export const ProposalViewSchema = v.object({
  id: v.string(),
  skill: v.string(),
  skillTitle: v.string(),
  args: v.record(v.string(), v.unknown()),
  originalArgs: v.optional(v.record(v.string(), v.unknown())),
  source: v.string(),
  reason: v.string(),
  workspace: v.optional(v.string()),
  dryRun: v.boolean(),
  createdAt: v.string(),
  expiresAt: v.string(),
  updatedAt: v.string(),
  /** `suggested`: made at trust suggest, for the person to accept (run as their own request) or dismiss; it is never approved. */
  status: v.picklist(['pending', 'suggested', 'accepted', 'dismissed', 'observed', 'denied', 'approved', 'executed', 'failed', 'rejected', 'expired', 'cancelled', 'previewed', 'undone']),
  decision: v.object({ decision: DecisionSchema, rule: v.string(), reason: v.string(), trust: TrustLevelSchema }),
  preview: v.optional(SkillPreviewSchema),
  /** Why the person rejected it, or dismissed it when it was a suggestion. */
  rejectReason: v.optional(v.string()),
  /** For an accepted suggestion: the id of the person's own run it became. */
  acceptedAs: v.optional(v.string()),
  output: v.optional(v.string()),
  exitCode: v.optional(v.number()),
  error: v.optional(v.string()),
  /** An undo is possible (files were backed up, the task can be reversed). */
  undoable: v.boolean(),
});
export type ProposalView = v.InferOutput<typeof ProposalViewSchema>;

export const SkillViewSchema = v.object({
  id: v.string(),
  title: v.string(),
  description: v.string(),
  risk: v.picklist(['read', 'write-local', 'write-external', 'execute']),
  enabled: v.boolean(),
  level: TrustLevelSchema,
  ceiling: v.optional(TrustLevelSchema),
  current: v.optional(TrustLevelSchema),
});

export const DecisionsStateSchema = v.object({
  /** Waiting for an approval (status `pending` only), oldest first. */
  pending: v.array(ProposalViewSchema),
  /** Everything else, newest first: every suggestion still waiting (status `suggested`), then at most 50 others. */
  recent: v.array(ProposalViewSchema),
  skills: v.array(SkillViewSchema),
  suggestions: v.array(v.object({ skill: v.string(), from: TrustLevelSchema, to: TrustLevelSchema, reason: v.string(), evidence: v.number() })),
  paused: v.boolean(),
  dryRun: v.boolean(),
  /** policy.json could not be used: everything asks. */
  policyError: v.optional(v.string()),
});
export type DecisionsState = v.InferOutput<typeof DecisionsStateSchema>;

export const DecisionsStateRequest = defineRequest('decisions/state', v.optional(v.object({}), {}), DecisionsStateSchema);

/** Proposes an action (chat, the host's commands). The engine decides; the answer is the proposal as it stands. */
export const DecisionsProposeRequest = defineRequest(
  'decisions/propose',
  v.object({ skill: v.string(), args: v.record(v.string(), v.unknown()), source: v.string(), reason: v.string(), dryRun: v.optional(v.boolean()), workspace: v.optional(v.string()) }),
  ProposalViewSchema,
);

/** Approves a pending proposal, with the person's edited arguments if any; it is re-checked and run. */
export const DecisionsApproveRequest = defineRequest('decisions/approve', v.object({ id: v.string(), args: v.optional(v.record(v.string(), v.unknown())) }), ProposalViewSchema);

export const DecisionsRejectRequest = defineRequest('decisions/reject', v.object({ id: v.string(), reason: v.optional(v.string()) }), ProposalViewSchema);

/**
 * Accepts a suggestion (status `suggested`), with the person's edited arguments if any: it runs as
 * the person's own request (checked and audited as such) and the answer is that run; the
 * suggestion becomes `accepted`.
 */
export const DecisionsAcceptRequest = defineRequest('decisions/accept', v.object({ id: v.string(), args: v.optional(v.record(v.string(), v.unknown())) }), ProposalViewSchema);

/** Dismisses a suggestion; the reason teaches the twin like a rejection's. */
export const DecisionsDismissRequest = defineRequest('decisions/dismiss', v.object({ id: v.string(), reason: v.optional(v.string()) }), ProposalViewSchema);

export const DecisionsUndoRequest = defineRequest('decisions/undo', v.object({ id: v.string() }), ProposalViewSchema);

/** The "pause all autonomy" switch: cancels pending proposals and stops scheduled actions. */
export const DecisionsPauseRequest = defineRequest('decisions/pause', v.object({ paused: v.boolean() }), v.object({ paused: v.boolean(), cancelled: v.number() }));

/** Sets a skill's trust level (and ceiling for adaptive), or enables/disables it. */
export const DecisionsSetTrustRequest = defineRequest(
  'decisions/setTrust',
  v.object({ skill: v.string(), level: v.optional(TrustLevelSchema), ceiling: v.optional(TrustLevelSchema), enabled: v.optional(v.boolean()) }),
  SkillViewSchema,
);

/** Engine → host: a proposal needs the person (raise the notification): status `pending` (approve/reject) or `suggested` (accept/dismiss). */
export const DecisionsPendingNotification = defineNotification('decisions/pending', ProposalViewSchema);

/** Engine → host: the twin acted alone within the policy (bounded trust) and it ran; tell the person after the fact (with Undo when `undoable`). */
export const DecisionsActedAloneNotification = defineNotification('decisions/actedAlone', ProposalViewSchema);

/** Engine → host: something in the queue changed (refresh views, status bar). */
export const DecisionsChangedNotification = defineNotification('decisions/changed', v.object({ pending: v.number(), paused: v.boolean() }));

/** Engine → host: a skill needs the editor (notify, run a VS Code task). */
export const HostNotifyRequest = defineRequest('host/notify', v.object({ message: v.string(), severity: v.picklist(['info', 'warning', 'error']) }), v.object({}));
export const HostRunTaskRequest = defineRequest('host/runTask', v.object({ name: v.string() }), v.object({ exitCode: v.optional(v.number()), output: v.string() }));
export const HostListTasksRequest = defineRequest('host/listTasks', v.optional(v.object({}), {}), v.object({ names: v.array(v.string()) }));
