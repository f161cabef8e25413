import type { ProposalView } from '../../protocol/decisionsProtocol';

const MAX_HEADLINE = 300;

/** The notification text: who wants what, and why, in one line the person can judge. */
export function proposalHeadline(proposal: ProposalView): string {
  const line = `MetaHuman: ${proposer(proposal)} asks to ${lowerFirst(visible(action(proposal)))}${why(proposal)}`;
  return fitsInNotification(proposal) ? line : `${clip(line, MAX_HEADLINE - NOT_ALL_SHOWN.length)}${NOT_ALL_SHOWN}`;
}

const NOT_ALL_SHOWN = ' (not all of it shows here: open Details to read it whole and approve)';

/** Line breaks and control characters shown as marks, so a folded toast cannot hide that they are there. */
function visible(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\r?\n/g, ' ⏎ ').replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, '�');
}

/** A suggestion (trust `suggest`): the twin only proposes, the person decides whether to do it. */
export function suggestionHeadline(proposal: ProposalView): string {
  return clip(`MetaHuman: ${proposer(proposal)} suggests: ${lowerFirst(action(proposal))}${why(proposal)}`);
}

/** An action a `bounded` skill took alone, within policy: told after the fact. */
export function actedAloneHeadline(proposal: ProposalView): string {
  const outcome = proposal.status === 'failed' ? ` — it failed: ${proposal.error ?? 'no reason given'}` : proposal.status === 'previewed' ? ' (dry run: nothing changed)' : '';
  return clip(`MetaHuman: ${proposer(proposal)} ${pastTense(action(proposal))} (within your bounds)${outcome}`);
}

function proposer(proposal: ProposalView): string {
  if (proposal.source.startsWith('agent:')) return `The ${proposal.source.slice(6)} agent`;
  if (proposal.source === 'chat') return 'Your twin (chat)';
  return proposal.source === 'person' ? 'You' : 'A script (mh)';
}

function action(proposal: ProposalView): string {
  return proposal.preview?.summary ?? `run ${proposal.skillTitle}`;
}

function why(proposal: ProposalView): string {
  return proposal.reason.trim() ? ` — “${proposal.reason.trim()}”` : '';
}

/**
 * Whether the notification shows the whole proposal. A clipped line, or an action with line
 * breaks, control characters or long runs of spaces (which a toast folds away), could hide the
 * part that matters, so such a proposal is approved from its Details, where all of it shows.
 */
export function fitsInNotification(proposal: ProposalView): boolean {
  const full = `MetaHuman: ${proposer(proposal)} asks to ${lowerFirst(action(proposal))}${why(proposal)}`;
  // eslint-disable-next-line no-control-regex
  return full.length <= MAX_HEADLINE && !/[\u0000-\u001f\u007f\u2028\u2029]| {4,}/.test(action(proposal));
}

/** The choices a proposal's notification offers: Approve only when the notification shows all of it. */
export function proposalChoices(proposal: ProposalView): string[] {
  return fitsInNotification(proposal) ? ['Approve', 'Reject', 'Details'] : ['Details', 'Reject'];
}

/** The notification line when the policy file is broken: what it means and what to do. */
export function policyErrorMessage(error: string): string {
  return `MetaHuman: policy.json could not be used, so every action asks you first (nothing runs alone). ${error}`;
}

function clip(text: string, max = MAX_HEADLINE): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * Preview summaries read as commands ("Write notes/a.md", "Show an info notification"); told
 * after the fact they need the past: the first word is turned when it is a known verb, otherwise
 * the sentence says "did: …" so it never reads as a request.
 */
function pastTense(summary: string): string {
  const [first = '', ...rest] = summary.split(' ');
  const past = PAST[first.toLowerCase()];
  return past ? [past, ...rest].join(' ') : `did: ${lowerFirst(summary)}`;
}

const PAST: Record<string, string> = {
  write: 'wrote',
  create: 'created',
  append: 'appended',
  add: 'added',
  delete: 'deleted',
  remove: 'removed',
  run: 'ran',
  show: 'showed',
  send: 'sent',
  open: 'opened',
  edit: 'edited',
  update: 'updated',
  move: 'moved',
  rename: 'renamed',
  schedule: 'scheduled',
  notify: 'notified',
  complete: 'completed',
  draft: 'drafted',
  search: 'searched',
};

/** What an undo asked from a notification came to. */
export function undoMessage(proposal: ProposalView): string {
  if (proposal.status === 'undone') return `MetaHuman: undone — ${proposal.preview?.summary ?? proposal.skillTitle} was put back.`;
  return `MetaHuman: could not undo ${proposal.skillTitle}${proposal.error ? `: ${proposal.error}` : ` (it is ${proposal.status})`}.`;
}

/** What happened after the person approved (or did a suggested action themselves). */
export function outcomeMessage(proposal: ProposalView): string {
  switch (proposal.status) {
    case 'executed':
      return `MetaHuman: done — ${proposal.preview?.summary ?? proposal.skillTitle}.`;
    case 'previewed':
      return `MetaHuman: dry run only — ${proposal.preview?.summary ?? proposal.skillTitle} (nothing was changed).`;
    case 'failed':
      return `MetaHuman: ${proposal.skillTitle} failed: ${proposal.error ?? 'no reason given'}.`;
    case 'denied':
      return `MetaHuman: refused at execution time — ${proposal.decision.reason}`;
    default:
      return `MetaHuman: ${proposal.skillTitle} is ${proposal.status}.`;
  }
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
