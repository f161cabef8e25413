import * as v from 'valibot';
import { MemoryRecordViewSchema } from './memoryProtocol';
import { defineRequest } from './messageTypes';

/**
 * Engine requests behind the Memory panel: a filtered, paged list (the index's hybrid search, or
 * newest first without words), one memory's details with its edits and audit trail, and the
 * person's validations, each a patch record in `memory/edits.jsonl`.
 */

export const MemoryViewKindSchema = v.picklist(['event', 'chat', 'note', 'task', 'reflection', 'dream', 'dialogue', 'brief']);

const IsoTime = v.pipe(
  v.string(),
  v.check((text) => !Number.isNaN(Date.parse(text)), 'must be a date, e.g. 2026-03-01'),
);

export const MemoryListParamsSchema = v.object({
  /** What to look for, in the person's words; dates in it ("last Tuesday") become a time filter. Empty: newest first. */
  query: v.optional(v.pipe(v.string(), v.maxLength(2000))),
  /** Only these kinds. */
  kinds: v.optional(v.array(MemoryViewKindSchema)),
  /** Only this project. */
  project: v.optional(v.pipe(v.string(), v.maxLength(200))),
  /** Only records carrying this tag. */
  tag: v.optional(v.pipe(v.string(), v.maxLength(200))),
  /** Only records at or after this time (ISO or YYYY-MM-DD). */
  since: v.optional(IsoTime),
  /** Only records before this time (ISO or YYYY-MM-DD). */
  until: v.optional(IsoTime),
  /** Items per page (1–200, default 50). */
  limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(200))),
  /** Items to skip (paging; at most 800). */
  offset: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(800))),
});
export type MemoryListParams = v.InferOutput<typeof MemoryListParamsSchema>;

export const MemoryListItemSchema = v.object({
  /** The record's id. */
  id: v.string(),
  /** When it happened, ISO. */
  ts: v.string(),
  /** Its kind. */
  kind: v.string(),
  /** Its text, corrections folded in (at most 600 characters; the details carry all of it). */
  text: v.string(),
  /** Where it came from, e.g. `vscode:git`. */
  source: v.string(),
  /** Its project, if any. */
  project: v.optional(v.string()),
  /** Its tags. */
  tags: v.array(v.string()),
  /** True confirmed, false marked wrong, absent not reviewed. */
  validated: v.optional(v.boolean()),
  /** The text was corrected by the person. */
  corrected: v.boolean(),
  /** Why it was listed, for a search ("words #1 · similar #3"); absent in a plain listing. */
  why: v.optional(v.string()),
});
export type MemoryListItem = v.InferOutput<typeof MemoryListItemSchema>;

export const MemoryListResultSchema = v.object({
  /** Best first for a search; newest first without words. */
  items: v.array(MemoryListItemSchema),
  /** More items follow this page. */
  hasMore: v.boolean(),
  /** The date words read from the query ("last tuesday"), when any. */
  time: v.optional(v.string()),
  /** Live records in the profile, all kinds (0: a new twin, the empty state explains how memories arrive). */
  totalRecords: v.number(),
  /** How long the engine took. */
  tookMs: v.number(),
});
export type MemoryListResult = v.InferOutput<typeof MemoryListResultSchema>;

/** Lists memories: the index's hybrid search with filters, or everything under the filters newest first. */
export const MemoryListRequest = defineRequest('memory/list', MemoryListParamsSchema, MemoryListResultSchema);

export const MemoryEditEntrySchema = v.object({
  /** When the patch was written, ISO. */
  ts: v.string(),
  /** The patch: validate, mark_wrong, correct_text, tag, entities, link, set_importance. */
  op: v.string(),
  /** The patch in words ("marked wrong: not my car", "tags +work −home"). */
  summary: v.string(),
  /** For correct_text: the text it set. */
  text: v.optional(v.string()),
});
export type MemoryEditEntry = v.InferOutput<typeof MemoryEditEntrySchema>;

export const MemoryAuditEntrySchema = v.object({
  /** When, ISO. */
  ts: v.string(),
  /** The entry's type: write, forget, agent_run… */
  type: v.string(),
  /** Who wrote it (`vscode`, `cli`, `engine`…). */
  actor: v.string(),
  /** The entry in words ("edit: mark_wrong", "appended", "organizer run"). */
  summary: v.string(),
});
export type MemoryAuditEntry = v.InferOutput<typeof MemoryAuditEntrySchema>;

export const MemoryLinkViewSchema = v.object({
  /** The relation, e.g. `part_of`, `cites`. */
  rel: v.string(),
  /** The linked record's id. */
  id: v.string(),
  /** The linked record's kind, absent when it no longer exists. */
  kind: v.optional(v.string()),
  /** The start of its text, absent when it no longer exists. */
  preview: v.optional(v.string()),
});
export type MemoryLinkView = v.InferOutput<typeof MemoryLinkViewSchema>;

// The record as the other memory requests show it; the details list links with what they point at.
const { links: _links, ...recordFields } = MemoryRecordViewSchema.entries;

export const MemoryDetailsSchema = v.object({
  ...recordFields,
  /** Files, people, libraries it mentions. */
  entities: v.array(v.string()),
  /** 1..10, when scored. */
  importance: v.optional(v.number()),
  /** The person's reason for marking it wrong. */
  wrongReason: v.optional(v.string()),
  /** Its links, with what they point at. */
  links: v.array(MemoryLinkViewSchema),
  /** Its patches, oldest first. */
  edits: v.array(MemoryEditEntrySchema),
  /** Audit entries naming it, oldest first (at most 200). */
  audit: v.array(MemoryAuditEntrySchema),
});
export type MemoryDetails = v.InferOutput<typeof MemoryDetailsSchema>;

/** One memory with its links, edits history and audit trail; null when unknown or forgotten. */
export const MemoryDetailsRequest = defineRequest('memory/details', v.object({ /** The memory's id. */ id: v.string() }), v.nullable(MemoryDetailsSchema));

const Label = v.pipe(v.string(), v.trim(), v.minLength(1, 'a tag may not be empty'), v.maxLength(200, 'a tag has at most 200 characters'));

export const MemoryValidationSchema = v.variant('op', [
  /** The person confirms it. */
  v.object({ op: v.literal('validate') }),
  /** The person says it is wrong, optionally why. */
  v.object({ op: v.literal('mark_wrong'), reason: v.optional(v.pipe(v.string(), v.maxLength(2000))) }),
  /** The person's corrected text (the original stays in the log). */
  v.object({ op: v.literal('correct_text'), text: v.pipe(v.string(), v.trim(), v.minLength(1, 'the corrected text may not be empty'), v.maxLength(1_000_000)) }),
  /** Tags to add and remove. */
  v.object({ op: v.literal('tag'), add: v.optional(v.array(Label)), remove: v.optional(v.array(Label)) }),
  /** Forget it: gone from every read path at once. */
  v.object({ op: v.literal('forget') }),
]);
export type MemoryValidation = v.InferOutput<typeof MemoryValidationSchema>;

export const MemoryValidateResultSchema = v.object({
  /** Per id, in the order asked. */
  results: v.array(
    v.object({
      /** The memory. */
      id: v.string(),
      /** The patch was written. */
      ok: v.boolean(),
      /** Why not, when it was not. */
      error: v.optional(v.string()),
    }),
  ),
});
export type MemoryValidateResult = v.InferOutput<typeof MemoryValidateResultSchema>;

/** The person validates one memory or a selection; searchable in its new state when this answers. */
export const MemoryValidateRequest = defineRequest(
  'memory/validate',
  v.object({
    /** The memories (1–500). */
    ids: v.pipe(v.array(v.string()), v.minLength(1, 'choose at least one memory'), v.maxLength(500, 'at most 500 memories at once')),
    /** What to do to each. */
    action: MemoryValidationSchema,
  }),
  MemoryValidateResultSchema,
);
