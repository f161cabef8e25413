import * as v from 'valibot';
import { defineRequest, defineStream } from './messageTypes';
import { AUDIT_CATEGORIES } from './auditCategories';

/** The audit log for the audit viewer: search, the hash-chain check, and new entries as they are written. */

export const AuditCategorySchema = v.picklist(AUDIT_CATEGORIES);

export const AuditEntryViewSchema = v.object({
  /** `YYYY-MM-DD#seq`: unique across the log. */
  key: v.string(),
  seq: v.number(),
  ts: v.string(),
  type: v.string(),
  category: AuditCategorySchema,
  /** Who wrote it: `vscode`, `cli`, `engine`… */
  actor: v.string(),
  /** The entry's own fields (hashes and actor left out). */
  fields: v.record(v.string(), v.unknown()),
});
export type AuditEntryView = v.InferOutput<typeof AuditEntryViewSchema>;

export const AuditPageSchema = v.object({
  /** Newest first. */
  entries: v.array(AuditEntryViewSchema),
  /** Matching entries in all. */
  total: v.number(),
  offset: v.number(),
});
export type AuditPage = v.InferOutput<typeof AuditPageSchema>;

export const AuditSearchRequest = defineRequest(
  'audit/search',
  v.object({
    /** Words every matching entry contains (in any field), case-insensitive. */
    text: v.optional(v.pipe(v.string(), v.maxLength(500))),
    /** Only these categories; absent or empty: all. */
    categories: v.optional(v.array(AuditCategorySchema)),
    offset: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0)), 0),
    limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(500)), 50),
  }),
  AuditPageSchema,
);

export const AuditReportSchema = v.object({
  ok: v.boolean(),
  files: v.number(),
  entries: v.number(),
  firstBreak: v.optional(v.object({ file: v.string(), line: v.number(), reason: v.string() })),
  warnings: v.array(v.string()),
  head: v.string(),
});
export type AuditReportView = v.InferOutput<typeof AuditReportSchema>;

/** `mh audit verify`: the whole hash chain checked. */
export const AuditVerifyRequest = defineRequest('audit/verify', v.optional(v.object({}), {}), AuditReportSchema);

/** Engine → host while the audit panel is open: entries as they are appended (by any process), oldest first. */
export const AuditFollowStream = defineStream('audit/follow', v.optional(v.object({}), {}), v.object({ entries: v.array(AuditEntryViewSchema) }));
