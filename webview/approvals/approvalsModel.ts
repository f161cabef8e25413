import type { DecisionsState, ProposalView } from '../../src/protocol/decisionsProtocol';

type Args = Record<string, unknown>;
export type TrustLevel = DecisionsState['skills'][number]['level'];

/** The arguments as the editor first shows them. */
export function formatArgs(args: Args): string {
  return JSON.stringify(args, null, 2);
}

export type ParsedArgs = { ok: true; args: Args } | { ok: false; error: string };

/** The person's edited arguments: a JSON object, or what is wrong with the text, in words. */
export function parseEditedArgs(text: string): ParsedArgs {
  if (!text.trim()) return { ok: false, error: 'The arguments are empty: write a JSON object, e.g. { "path": "notes.md" }.' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `${jsonProblem(text, error instanceof Error ? error.message : String(error))} Nothing was sent; the proposal still waits.` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const found = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    return { ok: false, error: `The arguments must be a JSON object ({ … }), not ${found}. Nothing was sent; the proposal still waits.` };
  }
  return { ok: true, args: value as Args };
}

/**
 * The parser's complaint with the place it happened as line and column (the engine's message
 * counts characters, which nobody can find in a textarea), in the same words on every engine.
 */
function jsonProblem(text: string, message: string): string {
  if (/unexpected end of json input/i.test(message)) return 'The arguments are not valid JSON: the text ends too early (a closing } or ] or " is missing).';
  const position = /at position (\d+)/.exec(message);
  const what = message
    .replace(/\s*\(line \d+ column \d+\)/i, '')
    .replace(/\s*in JSON at position \d+.*$/i, '')
    .replace(/^JSON\.parse: /, '')
    .trim();
  const problem = what ? `${what.charAt(0).toLowerCase()}${what.slice(1)}` : 'unreadable text';
  if (!position) return `The arguments are not valid JSON: ${problem}.`;
  const before = text.slice(0, Number(position[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `The arguments are not valid JSON at line ${line}, column ${column}: ${problem}.`;
}

export interface FieldChange {
  field: string;
  change: 'added' | 'removed' | 'changed';
}

/** Top-level fields the person added, removed or changed (nested values compared whole). */
export function changedFields(original: Args, edited: Args): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of Object.keys(original)) {
    if (!(field in edited)) changes.push({ field, change: 'removed' });
    else if (canonical(original[field]) !== canonical(edited[field])) changes.push({ field, change: 'changed' });
  }
  for (const field of Object.keys(edited)) if (!(field in original)) changes.push({ field, change: 'added' });
  return changes;
}

/** JSON with sorted keys, so key order alone never counts as an edit. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Args).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

export type ApprovalArgs = { ok: true; args?: Args } | { ok: false; error: string };

/**
 * What Approve sends: no `args` when the text is untouched or means the same, the edited object
 * when it differs, or the reason it cannot be sent.
 */
export function approvalArgs(original: Args, text: string | undefined): ApprovalArgs {
  if (text === undefined || text === formatArgs(original)) return { ok: true };
  const parsed = parseEditedArgs(text);
  if (!parsed.ok) return parsed;
  return changedFields(original, parsed.args).length === 0 ? { ok: true } : { ok: true, args: parsed.args };
}

/** Pending proposals in the order they came: the oldest waits longest, so it comes first. */
export function pendingOldestFirst(pending: readonly ProposalView[]): ProposalView[] {
  return [...pending].sort((a, b) => byTime(a.createdAt, b.createdAt) || compare(a.id, b.id));
}

/** Decisions made, the latest first (by when they last changed: decided, run, undone). Suggestions still open have their own section. */
export function recentNewestFirst(recent: readonly ProposalView[]): ProposalView[] {
  return recent.filter((p) => p.status !== 'suggested').sort((a, b) => byTime(b.updatedAt, a.updatedAt) || compare(b.id, a.id));
}

/** What waits for the person, split by kind, each oldest first: proposals to approve, and the twin's suggestions to do or dismiss. */
export interface Waiting {
  approvals: ProposalView[];
  suggested: ProposalView[];
}

/** Suggestions are taken from either list (once each), so the view holds whichever list the engine keeps them in. */
export function waitingForPerson(state: Pick<DecisionsState, 'pending' | 'recent'>): Waiting {
  const suggested = new Map<string, ProposalView>();
  for (const p of [...state.pending, ...state.recent]) if (p.status === 'suggested' && !suggested.has(p.id)) suggested.set(p.id, p);
  return { approvals: pendingOldestFirst(state.pending.filter((p) => p.status === 'pending')), suggested: pendingOldestFirst([...suggested.values()]) };
}

/** Undo is offered only where the engine can put things back (an executed proposal with backups or a reversible task). */
export function offersUndo(proposal: ProposalView): boolean {
  return proposal.undoable && (proposal.status === 'executed' || proposal.status === 'failed');
}

function byTime(a: string, b: string): number {
  return (Date.parse(a) || 0) - (Date.parse(b) || 0);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export type DiffLineKind = 'header' | 'hunk' | 'add' | 'remove' | 'context' | 'note';

export interface DiffLine {
  kind: DiffLineKind;
  text: string;
}

/**
 * A unified diff, line by line. Inside a hunk, lines are classified by their first character for
 * as many lines as the hunk header counts, so a removed line that reads "-- comment" is a removal,
 * not a file header.
 */
export function classifyDiffLines(diff: string): DiffLine[] {
  const lines = diff.replace(/\r\n/g, '\n').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  let oldLeft = 0;
  let newLeft = 0;
  return lines.map((text): DiffLine => {
    if (oldLeft > 0 || newLeft > 0) {
      const mark = text[0];
      if (mark === '+') {
        newLeft--;
        return { kind: 'add', text };
      }
      if (mark === '-') {
        oldLeft--;
        return { kind: 'remove', text };
      }
      if (mark === '\\') return { kind: 'note', text };
      oldLeft--;
      newLeft--;
      return { kind: 'context', text };
    }
    const hunk = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/.exec(text);
    if (hunk) {
      oldLeft = hunk[1] === undefined ? 1 : Number(hunk[1]);
      newLeft = hunk[2] === undefined ? 1 : Number(hunk[2]);
      return { kind: 'hunk', text };
    }
    if (text.startsWith('\\')) return { kind: 'note', text };
    return { kind: 'header', text };
  });
}

export type Tone = 'ok' | 'bad' | 'warn' | 'neutral';

const STATUS_LABELS: Record<ProposalView['status'], { label: string; tone: Tone }> = {
  pending: { label: 'Waiting for you', tone: 'warn' },
  suggested: { label: 'Suggested: yours to do or dismiss', tone: 'warn' },
  accepted: { label: 'Suggestion done by you', tone: 'ok' },
  dismissed: { label: 'Suggestion dismissed', tone: 'neutral' },
  observed: { label: 'Observed only (not done)', tone: 'neutral' },
  denied: { label: 'Denied by policy', tone: 'bad' },
  approved: { label: 'Approved, running', tone: 'neutral' },
  executed: { label: 'Done', tone: 'ok' },
  failed: { label: 'Failed', tone: 'bad' },
  rejected: { label: 'Rejected', tone: 'neutral' },
  expired: { label: 'Expired', tone: 'neutral' },
  cancelled: { label: 'Cancelled', tone: 'neutral' },
  previewed: { label: 'Dry run: previewed, nothing changed', tone: 'neutral' },
  undone: { label: 'Undone', tone: 'neutral' },
};

export function statusLabel(status: ProposalView['status']): { label: string; tone: Tone } {
  return STATUS_LABELS[status];
}

/** One sentence for the result of a decision the person just made (shown at the top of the view). */
export function resultMessage(proposal: ProposalView): { text: string; tone: Tone } {
  const { label, tone } = statusLabel(proposal.status);
  const detail = proposal.error ?? (proposal.exitCode !== undefined && proposal.exitCode !== 0 ? `exit code ${proposal.exitCode}` : undefined);
  return { text: `${proposal.skillTitle}: ${label}${detail ? ` (${detail})` : ''}.`, tone };
}

/** The facts of a finished decision after its status: the rule, the exit code, the error or the reject reason. */
export function outcomeFacts(proposal: ProposalView): string[] {
  const facts = [`rule: ${proposal.decision.rule}`];
  if (proposal.exitCode !== undefined) facts.push(`exit code ${proposal.exitCode}`);
  if (proposal.rejectReason) facts.push(`reason: ${proposal.rejectReason}`);
  if (proposal.acceptedAs) facts.push('run as your own request');
  if (proposal.originalArgs) facts.push('arguments edited by you');
  if (proposal.dryRun) facts.push('dry run');
  return facts;
}

export const TRUST_LEVELS: readonly TrustLevel[] = ['observe', 'suggest', 'supervised', 'bounded', 'adaptive'];

const TRUST_MEANINGS: Record<TrustLevel, string> = {
  observe: 'never acts, only notes what it would do',
  suggest: 'proposes; you act',
  supervised: 'acts after your approval',
  bounded: 'acts alone within policy limits, tells you after',
  adaptive: 'trust moves with outcomes, up to a ceiling you set',
};

export function trustMeaning(level: TrustLevel): string {
  return TRUST_MEANINGS[level];
}

/** A trust suggestion's identity, so a dismissed one stays dismissed until a different one comes. */
export function suggestionKey(suggestion: DecisionsState['suggestions'][number]): string {
  return `${suggestion.skill}:${suggestion.from}->${suggestion.to}`;
}
