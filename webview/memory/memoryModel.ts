import type { MemoryListItem, MemoryListParams, MemoryValidateResult, MemoryValidation } from '../../src/protocol/memoryViewProtocol';

/** The kinds a person can filter by, with the words the panel shows. */
export const KIND_LABELS = {
  event: 'Coding events',
  chat: 'Chat',
  note: 'Notes',
  task: 'Tasks',
  reflection: 'Reflections',
  dream: 'Dreams',
  dialogue: 'Inner dialogue',
  brief: 'Briefs',
} as const;
export type KindFilter = keyof typeof KIND_LABELS | '';

/** What the filter bar holds, as typed. */
export interface MemoryFilters {
  query: string;
  kind: KindFilter;
  project: string;
  tag: string;
  /** `YYYY-MM-DD` from a date input, or empty. */
  from: string;
  /** `YYYY-MM-DD`, inclusive, or empty. */
  to: string;
}

export const EMPTY_FILTERS: MemoryFilters = { query: '', kind: '', project: '', tag: '', from: '', to: '' };

export const PAGE_SIZE = 50;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The engine request for these filters, or the problem to show beside the date fields. "To" is
 * inclusive for the person, so the request's `until` is the next day.
 */
export function listParams(filters: MemoryFilters, offset = 0): { params: MemoryListParams } | { error: string } {
  for (const [name, value] of [
    ['From', filters.from],
    ['To', filters.to],
  ] as const) {
    if (value && (!DAY.test(value) || Number.isNaN(Date.parse(value)))) return { error: `${name} must be a date like 2026-03-01.` };
  }
  if (filters.from && filters.to && filters.from > filters.to) return { error: 'From is after To: no memory can be in that range.' };
  const params: MemoryListParams = { limit: PAGE_SIZE, offset };
  if (filters.query.trim()) params.query = filters.query.trim();
  if (filters.kind) params.kinds = [filters.kind];
  if (filters.project.trim()) params.project = filters.project.trim();
  if (filters.tag.trim()) params.tag = filters.tag.trim();
  if (filters.from) params.since = `${filters.from}T00:00:00.000Z`;
  if (filters.to) params.until = new Date(Date.parse(`${filters.to}T00:00:00.000Z`) + 86_400_000).toISOString();
  return { params };
}

export function hasFilters(filters: MemoryFilters): boolean {
  return (Object.values(filters) as string[]).some((value) => value.trim() !== '');
}

/** Which empty state to show: none, the new twin's (nothing remembered yet) or "nothing matches". */
export function emptyState(items: readonly MemoryListItem[], totalRecords: number): 'none' | 'new' | 'no-match' {
  if (items.length > 0) return 'none';
  return totalRecords === 0 ? 'new' : 'no-match';
}

/** The review mark in words, with its tone. */
export function validationLabel(validated: boolean | undefined): { text: string; tone: 'ok' | 'bad' | 'muted' } {
  if (validated === true) return { text: 'Confirmed', tone: 'ok' };
  if (validated === false) return { text: 'Marked wrong', tone: 'bad' };
  return { text: 'Not reviewed', tone: 'muted' };
}

export function kindLabel(kind: string): string {
  return (KIND_LABELS as Record<string, string>)[kind] ?? kind;
}

/** Tags typed as "work, home  parser": split on commas and spaces, no blanks, no repeats. */
export function parseTags(text: string): string[] {
  return [...new Set(text.split(/[,\s]+/).map((t) => t.trim()).filter(Boolean))];
}

export function toggle(selection: ReadonlySet<string>, id: string): Set<string> {
  const next = new Set(selection);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  return next;
}

/** Keeps only the ids still listed (after a reload, a forget, a new search). */
export function keepListed(selection: ReadonlySet<string>, items: readonly MemoryListItem[]): Set<string> {
  const listed = new Set(items.map((i) => i.id));
  return new Set([...selection].filter((id) => listed.has(id)));
}

const DONE: Record<MemoryValidation['op'], string> = {
  validate: 'marked correct',
  mark_wrong: 'marked wrong',
  correct_text: 'corrected',
  tag: 'retagged',
  forget: 'forgotten',
};

/** What a validation did, in one sentence for the status line ("3 memories marked wrong; 1 failed: …"). */
export function validationOutcome(action: MemoryValidation, result: MemoryValidateResult): { text: string; failed: boolean } {
  const ok = result.results.filter((r) => r.ok).length;
  const failed = result.results.filter((r) => !r.ok);
  const subject = ok === 1 ? '1 memory' : `${ok} memories`;
  const head = ok > 0 ? `${subject[0].toUpperCase()}${subject.slice(1)} ${DONE[action.op]}.` : `Nothing was ${DONE[action.op]}.`;
  if (failed.length === 0) return { text: head, failed: false };
  return { text: `${head} ${failed.length} failed: ${failed[0].error ?? 'unknown error'}`, failed: true };
}

/** The confirmation question before forgetting. */
export function forgetQuestion(count: number): string {
  return count === 1
    ? 'Forget this memory? It leaves search and chat at once and its text is removed from disk at the next compaction. This cannot be undone.'
    : `Forget these ${count} memories? They leave search and chat at once and their text is removed from disk at the next compaction. This cannot be undone.`;
}
