/** The kinds of memory the twin keeps (DESIGN.md, "Records"). */
export const MEMORY_KINDS = ['event', 'chat', 'note', 'task', 'reflection', 'dream', 'dialogue', 'brief'] as const;
export type MemoryKind = (typeof MEMORY_KINDS)[number];

/** A typed link from one record to another (e.g. a session summary to its events, `superseded_by`). */
export interface MemoryLink {
  /** Relation name, e.g. `part_of`, `summarizes`, `superseded_by`, `cites`. */
  rel: string;
  /** Id of the record linked to. */
  id: string;
}

/** One memory, as appended to the episodic log. Every kind shares this shape. */
export interface MemoryRecord {
  /** Time-sortable, collision-free id (ULID). */
  id: string;
  kind: MemoryKind;
  /** When it happened, ISO 8601 with milliseconds, UTC. */
  ts: string;
  text: string;
  /** Where it came from, e.g. `vscode:editor`, `git`, `cli:ingest`, `agent:organizer`. */
  source: string;
  project?: string;
  tags: string[];
  entities: string[];
  /** 1 (trivia) .. 10 (life-defining); absent until the organizer scores it. */
  importance?: number;
  links: MemoryLink[];
  meta: Record<string, unknown>;
  /** true = the person confirmed it, false = marked wrong, absent = not reviewed. */
  validated?: boolean;
}
