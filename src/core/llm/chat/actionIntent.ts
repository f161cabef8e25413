/**
 * Requests in chat that a skill covers: "remind me to X", "add a task: X", "create a task to X",
 * "put X on my list". Only a message that is itself the request counts (optionally after "please",
 * "can you"…), so a question about reminders is still a question.
 */

/** What the person asked the twin to do, as a proposal for the decision engine. */
export interface ActionIntent {
  skill: 'task';
  args: { action: 'create'; title: string };
}

/** The proposal as the decision engine left it (a ProposalView fits). */
export interface ProposalOutcome {
  id: string;
  status: string;
  error?: string;
  decision?: { reason: string };
}

const POLITE = String.raw`^(?:(?:hey|ok(?:ay)?|so|and|also|twin)[,!]?\s+)*(?:(?:please|pls|kindly)\s+)?(?:(?:can|could|would|will) you\s+(?:please\s+)?)?`;
const LIST = String.raw`(?:my\s+)?(?:to-?do\s+|task\s+|tasks\s+)?list`;

const REQUESTS: RegExp[] = [
  new RegExp(`${POLITE}remind me to\\s+(?<title>.+)$`, 'i'),
  new RegExp(`${POLITE}(?:add|create|make|open|new)\\s+(?:a\\s+|an\\s+|the\\s+)?(?:new\\s+)?task\\s*(?:[:\\-–]\\s*|to\\s+|for\\s+|called\\s+|saying\\s+)(?<title>.+)$`, 'i'),
  new RegExp(`${POLITE}(?:put|add)\\s+(?<title>.+?)\\s+(?:on|to)\\s+${LIST}$`, 'i'),
];

/** The task the message asks for, or undefined when it asks for nothing a skill covers. */
export function detectActionIntent(message: string): ActionIntent | undefined {
  const text = message.trim().replace(/[\s.!?]+$/, '').replace(/,?\s+please$/i, '');
  if (!text || text.includes('\n')) return undefined;
  for (const pattern of REQUESTS) {
    const title = text.match(pattern)?.groups?.title;
    const cleaned = title ? cleanTitle(title) : undefined;
    if (cleaned) return { skill: 'task', args: { action: 'create', title: cleaned } };
  }
  return undefined;
}

/** Why the proposal is made, as the person reads it in the approvals view. */
export function intentReason(message: string): string {
  const quoted = message.trim().replace(/\s+/g, ' ');
  return `You asked in chat: "${quoted.length > 200 ? `${quoted.slice(0, 199)}…` : quoted}"`;
}

/** The twin's answer: what was proposed and where it stands, with the proposal's id. */
export function proposalAnswer(intent: ActionIntent, outcome: ProposalOutcome): string {
  const what = `the task "${intent.args.title}"`;
  const ref = `(proposal ${outcome.id})`;
  switch (outcome.status) {
    case 'pending':
      return `I proposed ${what} ${ref}. It waits for your approval: approve or reject it in the approvals view, or with \`mh approvals approve ${outcome.id}\`.`;
    case 'approved':
    case 'executed':
      return `Done: I created ${what} ${ref}; your trust settings let the task skill act without asking.`;
    case 'previewed':
      return `I previewed ${what} ${ref} without creating it: dry-run mode is on.`;
    case 'observed':
      return `I noted ${what} ${ref} but did not create it: the task skill is at observe trust.`;
    case 'denied':
      return `I proposed ${what} ${ref}, but it was denied: ${outcome.error ?? outcome.decision?.reason ?? 'the policy refused it'}.`;
    case 'failed':
      return `I tried to create ${what} ${ref}, but it failed: ${outcome.error ?? 'unknown error'}.`;
    default:
      return `I proposed ${what} ${ref}; it is ${outcome.status}.`;
  }
}

/** The answer when the decision engine could not take the proposal at all. */
export function proposalFailedAnswer(intent: ActionIntent, error: unknown): string {
  return `I could not propose the task "${intent.args.title}": ${error instanceof Error ? error.message : String(error)}. Nothing was created.`;
}

function cleanTitle(raw: string): string | undefined {
  const title = raw
    .trim()
    .replace(/^["'“‘]|["'”’]$/g, '')
    .replace(/[\s.!?;,:]+$/, '')
    .trim();
  if (title.length < 2) return undefined;
  return (title.charAt(0).toUpperCase() + title.slice(1)).slice(0, 1000);
}
