import * as v from 'valibot';
import { defineNotification, defineRequest } from './messageTypes';

/** Memory messages between the extension host (and its views, relayed) and the engine worker. */

const MemoryKindSchema = v.picklist(['event', 'chat', 'note', 'task', 'reflection', 'dream', 'dialogue', 'brief']);

export const MemorySearchParamsSchema = v.object({
  /** What to recall, in the person's words; dates in it ("last Tuesday") become a time filter. */
  query: v.pipe(v.string(), v.maxLength(2000)),
  /** How many hits (1–100, default 10). */
  k: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100))),
  /** Only these kinds. */
  kinds: v.optional(v.array(MemoryKindSchema)),
  /** Only this project. */
  project: v.optional(v.string()),
  /** Only records touching this file path, file name or folder. */
  file: v.optional(v.string()),
  /** Only records at or after this ISO time. */
  since: v.optional(v.string()),
  /** Only records before this ISO time. */
  until: v.optional(v.string()),
});

export const MemoryHitSchema = v.object({
  /** The record's id (cited by chat answers). */
  id: v.string(),
  /** When it happened, ISO. */
  ts: v.string(),
  /** The record's kind. */
  kind: v.string(),
  /** The memory's text, folded with corrections. */
  text: v.string(),
  /** The project it belongs to, if any. */
  project: v.optional(v.string()),
  /** Final score, higher is better. */
  score: v.number(),
  /** Why it was recalled, in short words ("text #1 · vector #3 · mentions parser.ts"). */
  why: v.string(),
});
export type MemoryHit = v.InferOutput<typeof MemoryHitSchema>;

export const MemorySearchResultSchema = v.object({
  /** Best first. */
  hits: v.array(MemoryHitSchema),
  /** The date words read from the query, when any ("yesterday"). */
  time: v.optional(v.string()),
  /** How long the engine took. */
  tookMs: v.number(),
});
export type MemorySearchResult = v.InferOutput<typeof MemorySearchResultSchema>;

/** Hybrid search over the person's memories. */
export const MemorySearchRequest = defineRequest('memory/search', MemorySearchParamsSchema, MemorySearchResultSchema);

/** Adds a note the person wrote; answers with its id once it is durable and searchable. */
export const MemoryAddNoteRequest = defineRequest(
  'memory/addNote',
  v.object({
    /** The note, as typed. */
    text: v.pipe(v.string(), v.minLength(1), v.maxLength(100_000)),
    /** The project it belongs to, if any (the open workspace's name). */
    project: v.optional(v.string()),
  }),
  v.object({
    /** Id of the new record. */
    id: v.string(),
  }),
);

/** Forgets a memory: gone from every read path at once, from disk at the next compaction. */
export const MemoryForgetRequest = defineRequest(
  'memory/forget',
  v.object({
    /** The record to forget. */
    id: v.string(),
  }),
  v.object({
    /** False when no such memory existed. */
    forgotten: v.boolean(),
  }),
);

export const MemoryStatsSchema = v.object({
  /** Live records in the logs, per kind. */
  byKind: v.record(v.string(), v.number()),
  /** Records in the search index. */
  indexed: v.number(),
  /** Records with a vector (below `indexed` while re-embedding). */
  embedded: v.number(),
  /** The embedder that built the index, e.g. "lexical (built-in)". */
  embedder: v.string(),
  /** Index files on disk. */
  indexBytes: v.number(),
});
export type MemoryStats = v.InferOutput<typeof MemoryStatsSchema>;

/** Counts of what the twin remembers and the state of its index. */
export const MemoryStatsRequest = defineRequest('memory/stats', v.optional(v.object({}), {}), MemoryStatsSchema);

/** The index is rebuilding or re-embedding: progress for the status bar. */
export const IndexProgressNotification = defineNotification(
  'index/progress',
  v.object({
    /** `rebuild` reads every record from the logs; `embed` computes vectors in the background. */
    phase: v.picklist(['rebuild', 'embed', 'done']),
    /** Records done so far. */
    done: v.number(),
    /** Total, when known. */
    total: v.optional(v.number()),
  }),
);

/** Something was written to the memory (by this window, another one or the CLI). */
export const MemoryChangedNotification = defineNotification(
  'memory/changed',
  v.object({
    /** Records added or changed. */
    upserts: v.number(),
    /** Records forgotten. */
    removes: v.number(),
  }),
);

export const MemoryRecordViewSchema = v.object({
  /** The record's id. */
  id: v.string(),
  /** Its kind. */
  kind: v.string(),
  /** When it happened, ISO. */
  ts: v.string(),
  /** Its text, corrections folded in. */
  text: v.string(),
  /** Where it came from, e.g. `vscode:git`. */
  source: v.string(),
  /** Its project, if any. */
  project: v.optional(v.string()),
  /** Its tags. */
  tags: v.array(v.string()),
  /** True confirmed, false marked wrong, absent not reviewed. */
  validated: v.optional(v.boolean()),
  /** Ids it links to, with the relation. */
  links: v.array(v.object({ rel: v.string(), id: v.string() })),
});
export type MemoryRecordView = v.InferOutput<typeof MemoryRecordViewSchema>;

/** One memory by id, or null when unknown or forgotten. */
export const MemoryGetRequest = defineRequest('memory/get', v.object({ /** The memory's id. */ id: v.string() }), v.nullable(MemoryRecordViewSchema));
