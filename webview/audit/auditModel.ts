import { AUDIT_CATEGORY_LABELS, type AuditCategory } from '../../src/protocol/auditCategories';
import type { AuditEntryView, AuditReportView } from '../../src/protocol/auditProtocol';

/** What the person is looking for: words (any field) and categories (none chosen: all). */
export interface AuditFilter {
  text: string;
  categories: AuditCategory[];
}

export const NO_FILTER: AuditFilter = { text: '', categories: [] };

export function categoryLabel(category: AuditCategory): string {
  return AUDIT_CATEGORY_LABELS[category];
}

/** The same test as the engine's `audit/search`: every word somewhere in the entry, and one of the chosen categories. */
export function entryMatches(entry: AuditEntryView, filter: AuditFilter): boolean {
  if (filter.categories.length > 0 && !filter.categories.includes(entry.category)) return false;
  const words = filter.text.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = JSON.stringify({ ...entry.fields, type: entry.type, actor: entry.actor, ts: entry.ts }).toLowerCase();
  return words.every((word) => haystack.includes(word));
}

export function isFiltered(filter: AuditFilter): boolean {
  return filter.text.trim() !== '' || filter.categories.length > 0;
}

export function toggleCategory(filter: AuditFilter, category: AuditCategory, on: boolean): AuditFilter {
  const rest = filter.categories.filter((c) => c !== category);
  return { ...filter, categories: on ? [...rest, category] : rest };
}

/** A further page appended below the list; entries already shown (a live one that shifted the page) are skipped. */
export function appendPage(shown: AuditEntryView[], page: AuditEntryView[]): AuditEntryView[] {
  const keys = new Set(shown.map((e) => e.key));
  return [...shown, ...page.filter((e) => !keys.has(e.key))];
}

/**
 * New entries from the follow stream (oldest first) that match the filter, newest first, ready to
 * go on top of the list; entries already shown are left out.
 */
export function liveMatches(shown: AuditEntryView[], incoming: AuditEntryView[], filter: AuditFilter): AuditEntryView[] {
  const keys = new Set(shown.map((e) => e.key));
  const fresh: AuditEntryView[] = [];
  for (const entry of incoming) {
    if (keys.has(entry.key) || !entryMatches(entry, filter)) continue;
    keys.add(entry.key);
    fresh.unshift(entry);
  }
  return fresh;
}

/** Field names whose values identify what an entry is about, shown on the entry's card in this order. */
const KEY_FIELDS: [string, string][] = [
  ['skill', 'Skill'],
  ['proposal', 'Proposal'],
  ['agent', 'Agent'],
  ['runId', 'Run'],
  ['action', 'Action'],
  ['decision', 'Decision'],
  ['outcome', 'Outcome'],
  ['rule', 'Rule'],
  ['provider', 'Provider'],
  ['model', 'Model'],
  ['target', 'Target'],
  ['op', 'Operation'],
  ['change', 'Change'],
  ['id', 'Record'],
  ['ids', 'Records'],
  ['reason', 'Reason'],
  ['error', 'Error'],
];

const MAX_IDS_SHOWN = 5;

/** The entry's identifying fields as label/text pairs; values are text (never markup), long id lists shortened. */
export function keyFields(entry: AuditEntryView): { name: string; label: string; text: string }[] {
  const out: { name: string; label: string; text: string }[] = [];
  for (const [name, label] of KEY_FIELDS) {
    const value = entry.fields[name];
    if (value === undefined || value === null || value === '') continue;
    out.push({ name, label, text: fieldText(name, value, entry) });
  }
  if (entry.type === 'trust' && typeof entry.fields.from === 'string' && typeof entry.fields.to === 'string') {
    out.push({ name: 'levels', label: 'Level', text: `${entry.fields.from} → ${entry.fields.to}` });
  }
  return out;
}

function fieldText(name: string, value: unknown, entry: AuditEntryView): string {
  if (name === 'ids' && Array.isArray(value)) {
    const ids = value.map(String);
    const total = typeof entry.fields.count === 'number' ? entry.fields.count : typeof entry.fields.recordsWritten === 'number' ? entry.fields.recordsWritten : ids.length;
    const shown = ids.slice(0, MAX_IDS_SHOWN).join(', ');
    return total > MAX_IDS_SHOWN ? `${shown} and ${total - MAX_IDS_SHOWN} more` : shown;
  }
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** An entry's full record for the expanded view, pretty-printed (shown as text). */
export function entryJson(entry: AuditEntryView): string {
  return JSON.stringify({ ts: entry.ts, type: entry.type, actor: entry.actor, ...entry.fields }, null, 2);
}

/** "Type" in words: `skill_execution` → `skill execution`. */
export function typeLabel(type: string): string {
  return type.replace(/_/g, ' ');
}

export interface VerifySummary {
  tone: 'ok' | 'bad';
  title: string;
  detail: string;
  /** What to do about it (a broken chain). */
  advice?: string;
}

/** `mh audit verify`'s result in words: how much was checked, or where the chain breaks and what to do. */
export function verifySummary(report: AuditReportView): VerifySummary {
  const checked = `${plural(report.entries, 'entry', 'entries')} in ${plural(report.files, 'day file', 'day files')}`;
  if (report.ok) return { tone: 'ok', title: 'Audit log intact', detail: `The hash chain checks out: ${checked}.` };
  const brk = report.firstBreak;
  return {
    tone: 'bad',
    title: 'Audit log broken',
    detail: brk ? `The chain breaks at ${brk.file}, line ${brk.line}: ${brk.reason}.` : `The chain does not check out (${checked} read).`,
    advice: `Entries from that line on cannot be trusted as written. Compare the file with a backup or your version control; run "mh audit verify" in a terminal for the same report. Nothing is repaired automatically.`,
  };
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
