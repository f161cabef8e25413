import { ApprovalQueue } from '../decisions/approvalQueue';
import type { MemoryRecord } from '../memory/record';
import type { AgentContext } from './agentTypes';
import { findCommitments, normalized, sameCommitment, type Commitment } from './commitments';

/** At most this many task proposals per run: a reflection is not a to-do list generator. */
export const MAX_PROPOSALS_PER_RUN = 3;
/** Titles remembered as already proposed (newest kept). */
const REMEMBERED = 200;

export interface CommitmentProposals {
  /** Proposal ids, in the order made. */
  ids: string[];
  /** How each proposal stands (`pending`, `denied`…), by id. */
  statuses: Record<string, string>;
  /** Normalized titles proposed, for the agent's state: never the same commitment twice. */
  remembered: string[];
}

/**
 * Proposes a `task` for each commitment the person wrote in `evidence` that is not already an open
 * task, was not proposed before by this agent (`alreadyProposed`, from its state) and is not in the
 * approval queue as a task proposal (whoever made it: the chat may have proposed it already). The
 * decision engine decides; nothing is created here.
 */
export async function proposeCommitments(ctx: AgentContext, evidence: readonly MemoryRecord[], openTasks: readonly string[], alreadyProposed: readonly string[]): Promise<CommitmentProposals> {
  const remembered = [...alreadyProposed];
  const result: CommitmentProposals = { ids: [], statuses: {}, remembered };
  if (!ctx.propose) return result;
  const queued = queuedTaskTitles(ctx);
  const known = [...openTasks, ...queued, ...alreadyProposed];
  for (const commitment of findCommitments(evidence)) {
    if (result.ids.length >= MAX_PROPOSALS_PER_RUN) break;
    ctx.signal.throwIfAborted();
    if (known.some((title) => sameCommitment(title, commitment.title))) continue;
    const outcome = await ctx.propose({ skill: 'task', args: { action: 'create', title: commitment.title }, reason: reasonFor(commitment) });
    known.push(commitment.title);
    if (!outcome) continue;
    result.ids.push(outcome.id);
    result.statuses[outcome.id] = outcome.status;
    remembered.push(normalized(commitment.title));
  }
  result.remembered = remembered.slice(-REMEMBERED);
  return result;
}

/** Why the task is proposed, quoting the memory and citing it, as the person will read it. */
export function reasonFor(commitment: Commitment): string {
  return `On ${commitment.ts.slice(0, 10)} you wrote "${commitment.quote}" [m:${commitment.memoryId}], and it is not a task yet.`;
}

/** Titles of every task creation in the approval queue, whatever became of it (a rejected one is not asked again). */
function queuedTaskTitles(ctx: AgentContext): string[] {
  try {
    return new ApprovalQueue(ctx.store)
      .list()
      .filter((p) => p.skill === 'task' && p.args.action === 'create' && typeof p.args.title === 'string')
      .map((p) => p.args.title as string);
  } catch (error) {
    ctx.log('warn', `Could not read the approval queue: ${error instanceof Error ? error.message : String(error)}`);
    return [];
  }
}
