import type { MemoryRecord } from './record';

/**
 * What derived views (the search index, caches) consume to stay in step with the logs: the store
 * turns appends, edits and forgets into this feed, read from a cursor so that writes made by
 * another window or by the CLI arrive too.
 */
export type MemoryChange =
  /** A record appeared, or an edit changed it: this is its folded current state. */
  | { type: 'upsert'; record: MemoryRecord }
  /** A record was forgotten: every view must drop it at once. */
  | { type: 'remove'; id: string };

/** An opaque position in the logs; the store hands it out and takes it back. Serializable as JSON. */
export type ChangeCursor = Record<string, number>;

export interface ChangeBatch {
  changes: MemoryChange[];
  /** Pass this to the next `readChanges` to get only what came after. */
  cursor: ChangeCursor;
}

/** The read side the index depends on; the memory store implements it. */
export interface MemoryChangeFeed {
  /** Every live record, folded with its edits, forgotten ones excluded; used for rebuilds. */
  scan(): AsyncIterable<MemoryRecord>;
  /** Changes after `cursor` (all of them from an empty cursor `{}`). */
  readChanges(cursor: ChangeCursor): Promise<ChangeBatch>;
}
