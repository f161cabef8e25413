import type { MemoryChangeFeed } from './memoryChanges';
import type { MemoryKind, MemoryLink, MemoryRecord } from './record';

/** What a writer supplies; the store assigns the id (and defaults the empty lists) on append. */
export interface NewMemoryRecord {
  kind: MemoryKind;
  /** When it happened; defaults to now. ISO 8601. */
  ts?: string;
  text: string;
  source: string;
  project?: string;
  tags?: string[];
  entities?: string[];
  importance?: number;
  links?: MemoryLink[];
  meta?: Record<string, unknown>;
}

/** A patch on a record, appended to `memory/edits.jsonl` and folded on read. */
export type MemoryEdit =
  | { op: 'validate' }
  | { op: 'mark_wrong'; reason?: string }
  | { op: 'correct_text'; text: string }
  | { op: 'tag'; add?: string[]; remove?: string[] }
  | { op: 'entities'; add?: string[]; remove?: string[] }
  | { op: 'link'; link: MemoryLink }
  | { op: 'set_importance'; importance: number };

/**
 * The memory side of the profile store: append-only logs with edits folded on read. It is also
 * the change feed that the search index tails.
 */
export interface MemoryLog extends MemoryChangeFeed {
  append(input: NewMemoryRecord): Promise<MemoryRecord>;
  /** One lock, one write for many records (ingest, import); resolves once all are durable. */
  appendMany(inputs: NewMemoryRecord[]): Promise<MemoryRecord[]>;
  /** The folded current state, or undefined when unknown or forgotten. */
  get(id: string): Promise<MemoryRecord | undefined>;
  edit(id: string, edit: MemoryEdit): Promise<MemoryRecord>;
  /** Removes the record from every read path at once; compaction removes its text from disk. */
  forget(id: string, reason?: string): Promise<void>;
}
