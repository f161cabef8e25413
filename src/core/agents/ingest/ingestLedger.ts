import type { ChangeCursor } from '../../memory/memoryChanges';
import type { AgentContext } from '../agentTypes';

export const INGESTOR_SOURCE = 'agent:ingestor';

interface LedgerState {
  /** Position in the memory logs up to which ingested notes were read for their hashes. */
  cursor?: ChangeCursor;
  /** SHA-256 of every file whose notes are in memory. */
  hashes?: string[];
}

export interface IngestLedger {
  has(hash: string): boolean;
  add(hash: string): void;
  save(): Promise<void>;
}

/**
 * Which files were already taken in, by content hash. The truth is the notes themselves (each
 * carries `meta.sha256`), so a crash after the notes were appended but before the file moved,
 * or a lost agent state, never makes a file's notes twice: the ledger catches up with the log
 * from its cursor on every run that has files to take in, reading only what is new.
 */
export async function openIngestLedger(ctx: AgentContext): Promise<IngestLedger> {
  const state = ((await ctx.state.get()) ?? {}) as LedgerState & Record<string, unknown>;
  const hashes = new Set(Array.isArray(state.hashes) ? state.hashes.filter((h): h is string => typeof h === 'string') : []);
  const batch = await ctx.store.memory.readChanges(state.cursor && typeof state.cursor === 'object' ? state.cursor : {});
  for (const change of batch.changes) {
    if (change.type !== 'upsert' || change.record.source !== INGESTOR_SOURCE) continue;
    const hash = change.record.meta.sha256;
    if (typeof hash === 'string') hashes.add(hash);
  }
  return {
    has: (hash) => hashes.has(hash),
    add: (hash) => void hashes.add(hash),
    save: () => ctx.state.set({ ...state, cursor: batch.cursor, hashes: [...hashes] }),
  };
}
