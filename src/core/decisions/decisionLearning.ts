/**
 * Learning from the person's decisions (issue 8, "Learning from corrections"), all pure:
 * - `suggestTrust`: N identical approvals in a row (same skill, same project and workspace, same
 *   shape of arguments, approved unedited and run without failing; a suggestion the person took up
 *   unedited counts as one) suggest raising that skill one level. Any correction of the skill (a rejection, an edit, a failure, an undo) resets its streaks.
 *   Only suggested: applying one is the person's act.
 * - `adaptTrust`: an `adaptive` skill's level, replayed from the outcomes since the person set it
 *   adaptive (`adaptiveSince`; none without it): it starts at `supervised`, rises one level after N
 *   successes in a row without edits, never above its ceiling, and falls back to `supervised` at
 *   once on a failure, a rejection (or a dismissed suggestion) or an undo. It never
 *   falls below `supervised` (unless the ceiling is lower): below it a skill cannot act, so it could
 *   never earn trust back; lowering it further is the person's call.
 * - `preferenceFromCorrection`: a rejection (or dismissal) with a reason, or an edit of the arguments, as a short
 *   sentence the engine keeps as a preference memory.
 * Histories are read in the order the outcomes happened (`outcomeTime`: each proposal's last
 * change, or its run's for a suggestion taken up), not the order the proposals were made.
 */
import { basename } from 'node:path';
import type { Policy, ProposalState, TrustSuggestion, SkillTrust } from './decisionTypes';
import { ADAPTIVE_START, adaptiveCeiling, lowerOf, nextLevel } from './effectiveTrust';
import { compareTrust } from './trust';

/** Arguments whose value says what kind of action it is (`task` with action `complete`), so it is part of the shape. */
const VERB_ARGUMENTS = ['action', 'op', 'operation', 'kind', 'type', 'mode'];

type Outcome = 'success' | 'edited' | 'failure' | 'neutral';

export function suggestTrust(history: readonly ProposalState[], policy: Policy, threshold: number): TrustSuggestion[] {
  const needed = Math.max(1, Math.floor(threshold));
  const streaks = new Map<string, { state: ProposalState; count: number }>();
  const byId = new Map(history.map((s) => [s.id, s]));
  for (const state of inOutcomeOrder(history, byId)) {
    if (state.source === 'person') continue;
    const outcome = outcomeOf(state, byId);
    if (outcome === 'neutral') continue;
    if (outcome !== 'success') {
      for (const key of [...streaks.keys()]) if (key.startsWith(`${state.skill}\u0000`)) streaks.delete(key);
      continue;
    }
    // Only approvals the person gave count: a skill that already acted alone is past suggesting.
    if (state.decision.decision !== 'ask') continue;
    const key = groupKey(state);
    streaks.set(key, { state, count: (streaks.get(key)?.count ?? 0) + 1 });
  }

  const best = new Map<string, { state: ProposalState; count: number }>();
  for (const streak of streaks.values()) {
    const held = best.get(streak.state.skill);
    if (!held || streak.count > held.count) best.set(streak.state.skill, streak);
  }
  const suggestions: TrustSuggestion[] = [];
  for (const [skill, { state, count }] of best) {
    if (count < needed) continue;
    const setting = policy.skills[skill];
    if (setting && (!setting.enabled || setting.level === 'adaptive')) continue;
    const from = setting?.level ?? 'supervised';
    const to = nextLevel(from);
    if (!to || compareTrust(from, to) >= 0) continue;
    suggestions.push({
      skill,
      from,
      to,
      evidence: count,
      reason:
        state.status === 'accepted'
          ? `You took up ${count} ${skill} suggestions${shapeLabel(state)}${scopeLabel(state)} in a row without changing them; ${to} would let it ${to === 'supervised' ? 'propose and run what you approve' : 'go one step further'}.`
          : `You approved ${count} ${skill} proposals${shapeLabel(state)}${scopeLabel(state)} in a row without changing them; ${to} would let it ${to === 'bounded' ? 'act alone within the policy' : 'go one step further'}.`,
    });
  }
  return suggestions.sort((a, b) => b.evidence - a.evidence || a.skill.localeCompare(b.skill));
}

/**
 * An adaptive skill's trust after replaying, in outcome order, the outcomes at or after its
 * `adaptiveSince`; without one nothing counts and it stands at its floor. Other levels come back
 * unchanged.
 */
export function adaptTrust(trust: SkillTrust, history: readonly ProposalState[], threshold: number): SkillTrust {
  if (trust.level !== 'adaptive') return trust;
  const needed = Math.max(1, Math.floor(threshold));
  const ceiling = adaptiveCeiling(trust);
  const floor = lowerOf(ADAPTIVE_START, ceiling);
  let current = floor;
  let streak = 0;
  const since = trust.adaptiveSince;
  const byId = new Map(history.map((s) => [s.id, s]));
  for (const state of inOutcomeOrder(history, byId)) {
    if (state.source === 'person') continue;
    if (since === undefined || outcomeTime(state, byId) < since) continue;
    const outcome = outcomeOf(state, byId);
    if (outcome === 'failure') {
      current = floor;
      streak = 0;
    } else if (outcome === 'edited') {
      streak = 0;
    } else if (outcome === 'success' && ++streak >= needed) {
      const up = nextLevel(current);
      if (up && compareTrust(up, ceiling) <= 0) current = up;
      streak = 0;
    }
  }
  return { ...trust, current };
}

/** A rejection with its reason, or the arguments the person changed, as one sentence; undefined when there is nothing to learn. */
export function preferenceFromCorrection(state: ProposalState): string | undefined {
  const reason = state.rejectReason?.trim();
  if (state.status === 'rejected' || state.status === 'dismissed') {
    if (!reason) return undefined;
    const what = state.status === 'rejected' ? 'rejected a' : 'dismissed a suggested';
    return `The person ${what} ${state.skill} proposal (${gist(state.args)})${scopeLabel(state)}, saying: "${clip(reason, 300)}".`;
  }
  if (!state.originalArgs || !['approved', 'executed', 'failed', 'undone'].includes(state.status)) return undefined;
  const changes = changedArguments(state.originalArgs, state.args);
  if (changes.length === 0) return undefined;
  return `The person edited a ${state.skill} proposal${scopeLabel(state)} before approving it: ${changes.slice(0, 4).join('; ')}.`;
}

/**
 * What a decision says about the skill. A suggestion the person took up counts like an approval:
 * by how their own run went, and as edited when they changed its arguments first.
 */
function outcomeOf(state: ProposalState, byId: ReadonlyMap<string, ProposalState>): Outcome {
  if (state.status === 'accepted') {
    const run = state.acceptedAs ? byId.get(state.acceptedAs) : undefined;
    if (!run) return 'neutral';
    const ran = outcomeOf(run, byId);
    if (ran === 'failure') return 'failure';
    if (JSON.stringify(run.args) !== JSON.stringify(state.args)) return 'edited';
    return ran;
  }
  switch (state.status) {
    case 'failed':
    case 'rejected':
    case 'dismissed':
    case 'undone':
      return 'failure';
    case 'executed':
      return state.originalArgs ? 'edited' : 'success';
    case 'approved':
      return state.originalArgs ? 'edited' : 'neutral';
    default:
      return 'neutral';
  }
}

function groupKey(state: ProposalState): string {
  const project = typeof state.args.project === 'string' ? state.args.project : '';
  return [state.skill, state.workspace ?? '', project, argumentShape(state.args)].join('\u0000');
}

/** The argument names with their value types, plus the values of verb-like arguments. */
function argumentShape(args: Record<string, unknown>): string {
  return Object.keys(args)
    .sort()
    .map((key) => {
      const value = args[key];
      if (VERB_ARGUMENTS.includes(key) && typeof value === 'string') return `${key}=${value}`;
      return `${key}:${Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value}`;
    })
    .join(',');
}

function shapeLabel(state: ProposalState): string {
  const verbs = VERB_ARGUMENTS.filter((k) => typeof state.args[k] === 'string').map((k) => `${k} ${String(state.args[k])}`);
  return verbs.length ? ` (${verbs.join(', ')})` : '';
}

function scopeLabel(state: ProposalState): string {
  if (typeof state.args.project === 'string' && state.args.project) return ` for project ${state.args.project}`;
  return state.workspace ? ` in ${basename(state.workspace)}` : '';
}

function changedArguments(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  const changes: string[] = [];
  for (const key of keys) {
    const was = before[key];
    const now = after[key];
    if (JSON.stringify(was) === JSON.stringify(now)) continue;
    if (was === undefined) changes.push(`added ${key} ${show(now)}`);
    else if (now === undefined) changes.push(`removed ${key} (was ${show(was)})`);
    else changes.push(`${key} ${show(was)} → ${show(now)}`);
  }
  return changes;
}

function gist(args: Record<string, unknown>): string {
  const parts = Object.entries(args)
    .filter(([, v]) => v !== undefined)
    .slice(0, 3)
    .map(([k, v]) => `${k} ${show(v)}`);
  return parts.length ? parts.join(', ') : 'no arguments';
}

function show(value: unknown): string {
  if (typeof value === 'string') return `"${clip(value.replace(/\s+/g, ' '), 60)}"`;
  return clip(JSON.stringify(value) ?? String(value), 60);
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * When a decision's outcome happened: its last event, or for a suggestion taken up the last event
 * of the run it became, when later (that run failing or being undone is the suggestion's outcome).
 */
function outcomeTime(state: ProposalState, byId: ReadonlyMap<string, ProposalState>): string {
  const run = state.status === 'accepted' && state.acceptedAs ? byId.get(state.acceptedAs) : undefined;
  return run && run.updatedAt > state.updatedAt ? run.updatedAt : state.updatedAt;
}

/**
 * In the order the outcomes happened, not the order they were proposed: a proposal made first and
 * rejected last must count as the latest word.
 */
function inOutcomeOrder(history: readonly ProposalState[], byId: ReadonlyMap<string, ProposalState>): ProposalState[] {
  return history
    .map((state) => ({ state, at: outcomeTime(state, byId) }))
    .sort((a, b) => a.at.localeCompare(b.at) || (a.state.id < b.state.id ? -1 : a.state.id > b.state.id ? 1 : 0))
    .map(({ state }) => state);
}
