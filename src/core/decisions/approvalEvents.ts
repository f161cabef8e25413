import { redactSecrets } from '../audit/auditEntry';
import type { SkillPreview, UndoInfo } from '../skills/skillTypes';
import type { DecisionResult, ProposalSource, ProposalState, ProposalStatus } from './decisionTypes';

/** What a proposal is when first written; its decision follows in a `decided` event. */
export interface ProposedPayload {
  skill: string;
  args: Record<string, unknown>;
  source: ProposalSource;
  reason: string;
  workspace?: string;
  dryRun: boolean;
  createdAt: string;
  expiresAt: string;
  preview?: SkillPreview;
}

/** One line of `approvals/queue.jsonl`. A proposal's state is the fold of its events, in file order. */
export type ApprovalEvent = { id: string; ts: string } & (
  | { ev: 'proposed'; proposal: ProposedPayload }
  | { ev: 'decided'; decision: DecisionResult; status: Extract<ProposalStatus, 'pending' | 'suggested' | 'denied' | 'observed' | 'approved'>; error?: string }
  | { ev: 'edited'; args: Record<string, unknown>; fields: string[]; preview?: SkillPreview }
  | { ev: 'approved' }
  | { ev: 'rejected'; reason?: string }
  /** A suggestion the person took up; `run` is the person's own run it became. */
  | { ev: 'accepted'; run: string }
  | { ev: 'dismissed'; reason?: string }
  | { ev: 'executing' }
  | { ev: 'executed'; ok: boolean; output: string; exitCode?: number; error?: string; undo?: UndoInfo }
  | { ev: 'expired' }
  | { ev: 'cancelled'; reason?: string }
  | { ev: 'undone'; restored: string[] }
  | { ev: 'previewed'; preview?: SkillPreview }
);

export type ApprovalEventName = ApprovalEvent['ev'];

/** The most of a skill's output the queue keeps (the audit keeps less). */
export const QUEUE_OUTPUT_LIMIT = 16_000;

const EVENT_NAMES = new Set<string>(['proposed', 'decided', 'edited', 'approved', 'rejected', 'accepted', 'dismissed', 'executing', 'executed', 'expired', 'cancelled', 'undone', 'previewed']);

/** A parsed line, if it is a well-formed event; anything else is damage the reader skips. */
export function asApprovalEvent(value: unknown): ApprovalEvent | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const e = value as Record<string, unknown>;
  if (typeof e.ev !== 'string' || !EVENT_NAMES.has(e.ev) || typeof e.id !== 'string' || typeof e.ts !== 'string') return undefined;
  if (e.ev === 'proposed') {
    const p = e.proposal as Record<string, unknown> | undefined;
    if (!p || typeof p.skill !== 'string' || typeof p.args !== 'object' || p.args === null || typeof p.source !== 'string' || typeof p.expiresAt !== 'string') return undefined;
  }
  if (e.ev === 'decided' && (typeof e.decision !== 'object' || e.decision === null || typeof e.status !== 'string')) return undefined;
  if (e.ev === 'accepted' && typeof e.run !== 'string') return undefined;
  if (e.ev === 'edited' && (typeof e.args !== 'object' || e.args === null || !Array.isArray(e.fields))) return undefined;
  return value as ApprovalEvent;
}

/** Caps and redacts a skill's output before it is stored in the queue. */
export function queueOutput(output: string): string {
  return redactSecrets(output, QUEUE_OUTPUT_LIMIT);
}

const UNDECIDED: DecisionResult = { decision: 'ask', rule: 'undecided', reason: 'Not decided yet.', trust: 'supervised' };

/** Applies one event to the states (in place). Events for an unknown proposal are ignored. */
export function foldApprovalEvent(states: Map<string, ProposalState>, event: ApprovalEvent): void {
  if (event.ev === 'proposed') {
    const p = event.proposal;
    states.set(event.id, {
      id: event.id,
      skill: p.skill,
      args: p.args,
      source: p.source,
      reason: p.reason ?? '',
      ...(p.workspace ? { workspace: p.workspace } : {}),
      dryRun: p.dryRun === true,
      createdAt: p.createdAt ?? event.ts,
      expiresAt: p.expiresAt,
      updatedAt: event.ts,
      status: 'pending',
      decision: UNDECIDED,
      ...(p.preview ? { preview: p.preview } : {}),
    });
    return;
  }
  const state = states.get(event.id);
  if (!state) return;
  state.updatedAt = event.ts;
  switch (event.ev) {
    case 'decided':
      state.decision = event.decision;
      state.status = event.status;
      if (event.error) state.error = event.error;
      break;
    case 'edited':
      state.originalArgs ??= state.args;
      state.args = event.args;
      if (event.preview) state.preview = event.preview;
      break;
    case 'approved':
    case 'executing':
      state.status = 'approved';
      break;
    case 'rejected':
      state.status = 'rejected';
      if (event.reason) state.rejectReason = event.reason;
      break;
    case 'accepted':
      state.status = 'accepted';
      state.acceptedAs = event.run;
      break;
    case 'dismissed':
      state.status = 'dismissed';
      if (event.reason) state.rejectReason = event.reason;
      break;
    case 'executed':
      state.status = event.ok ? 'executed' : 'failed';
      state.output = event.output;
      if (event.exitCode !== undefined) state.exitCode = event.exitCode;
      if (event.error) state.error = event.error;
      if (event.undo) state.undo = event.undo;
      break;
    case 'expired':
      state.status = 'expired';
      break;
    case 'cancelled':
      state.status = 'cancelled';
      if (event.reason) state.error = event.reason;
      break;
    case 'undone':
      state.status = 'undone';
      break;
    case 'previewed':
      state.status = 'previewed';
      if (event.preview) state.preview = event.preview;
      break;
  }
}
