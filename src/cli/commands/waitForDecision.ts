import type { ProposalState } from '../../core/decisions/decisionTypes';
import type { CliContext } from '../cliContext';
import { withDecisions } from './withDecisions';

/** How often the queue is read again while waiting; the queue reads only what was appended. */
const POLL_MS = 500;

/**
 * Waits until a pending proposal is decided by the person (in VS Code or another `mh`) or
 * expires, and resolves to how it ended: executed, failed, rejected, previewed… For a suggestion,
 * until it is dismissed, or accepted and the person's run it became has ended. Ctrl-C stops
 * waiting and resolves to the proposal still pending (it stays in the queue).
 */
export function waitForDecision(ctx: CliContext, id: string): Promise<ProposalState> {
  return withDecisions(ctx, async (engine) => {
    const stop = new AbortController();
    const onSigint = () => stop.abort();
    process.once('SIGINT', onSigint);
    try {
      for (;;) {
        await engine.expire();
        const waited = engine.get(id);
        if (!waited) throw new Error(`Proposal ${id} is no longer in the queue.`);
        // An accepted suggestion ran as the person's own request: its outcome is that run's.
        const state = waited.acceptedAs ? (engine.get(waited.acceptedAs) ?? waited) : waited;
        // `approved` means it is executing (in whichever process approved it): wait for its outcome.
        if (!['pending', 'suggested', 'approved'].includes(state.status) || stop.signal.aborted) return state;
        await sleep(POLL_MS, stop.signal);
      }
    } finally {
      process.removeListener('SIGINT', onSigint);
    }
  });
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
