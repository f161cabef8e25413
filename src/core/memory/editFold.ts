import type { MemoryEdit } from './memoryLog';
import type { MemoryRecord } from './record';

/** One line of `memory/edits.jsonl`. */
export type EditLine = (MemoryEdit | { op: 'forget'; reason?: string }) & {
  /** Id of the record patched. */
  target: string;
  ts: string;
};

/**
 * Applies a record's edits in the order they were written. The log line is never changed: the
 * person's corrections live beside it, so "what did I originally write" stays answerable.
 */
export function foldEdits(base: MemoryRecord, edits: readonly EditLine[] | undefined): MemoryRecord {
  if (!edits?.length) return base;
  const record: MemoryRecord = { ...base, tags: [...base.tags], entities: [...base.entities], links: [...base.links], meta: { ...base.meta } };
  for (const edit of edits) {
    switch (edit.op) {
      case 'validate':
        record.validated = true;
        delete record.meta.wrongReason;
        break;
      case 'mark_wrong':
        record.validated = false;
        if (edit.reason) record.meta.wrongReason = edit.reason;
        break;
      case 'correct_text':
        record.text = edit.text;
        record.meta.corrected = edit.ts;
        break;
      case 'tag': {
        const remove = new Set(edit.remove ?? []);
        record.tags = [...new Set([...record.tags.filter((t) => !remove.has(t)), ...(edit.add ?? [])])];
        break;
      }
      case 'entities': {
        const remove = new Set(edit.remove ?? []);
        record.entities = [...new Set([...record.entities.filter((e) => !remove.has(e)), ...(edit.add ?? [])])];
        break;
      }
      case 'link':
        if (!record.links.some((l) => l.rel === edit.link.rel && l.id === edit.link.id)) record.links.push(edit.link);
        break;
      case 'set_importance':
        record.importance = edit.importance;
        break;
      case 'forget':
        break;
    }
  }
  return record;
}
