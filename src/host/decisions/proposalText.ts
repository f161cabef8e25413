import type { ProposalView } from '../../protocol/decisionsProtocol';

const MAX_HEADLINE = 300;

/** The notification text: who wants what, and why, in one line the person can judge. */
export function proposalHeadline(proposal: ProposalView): string {
  const who = proposal.source.startsWith('agent:') ? `The ${proposal.source.slice(6)} agent` : proposal.source === 'chat' ? 'Your twin (chat)' : 'A script (mh)';
  const what = proposal.preview?.summary ?? `run ${proposal.skillTitle}`;
  const why = proposal.reason.trim() ? ` — “${proposal.reason.trim()}”` : '';
  const text = `MetaHuman: ${who} asks to ${lowerFirst(what)}${why}`;
  return text.length > MAX_HEADLINE ? `${text.slice(0, MAX_HEADLINE - 1)}…` : text;
}

/** What happened after the person approved. */
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
