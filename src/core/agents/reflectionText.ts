import { contentWords } from '../index/textTerms';
import type { MemoryRecord } from '../memory/record';
import { gist, isCaptureTrivia, isPersonStatement } from './agentText';

/**
 * The reflector's offline reflection: extractive, in the first person. It counts where the time
 * went (projects, the files returned to most), names the recurring themes, lists what was
 * finished (commits, fixed errors) and what is still open, and quotes the memories that mattered
 * most, each cited as `[m:<id>]`. Only the quoted memories are cited: counts cite nothing.
 */
export interface ExtractiveReflection {
  text: string;
  cites: string[];
}

const MAX_FINISHED = 4;
const MAX_QUOTES = 3;
const GENERIC_TAGS = new Set(['capture', 'commit', 'opened', 'saved', 'edit', 'created', 'deleted', 'renamed', 'command', 'failed', 'error-fixed', 'session-summary', 'reflection']);
/** Words of capture texts that say what kind of event it was, not what it was about. */
const EVENT_WORDS = new Set(['opened', 'edited', 'saved', 'lines', 'committed', 'main', 'files', 'file', 'ran', 'ok', 'exit', 'fixed', 'errors', 'error', 'over', 'created', 'deleted', 'renamed', 'session']);

export function extractiveReflection(records: readonly MemoryRecord[], openTasks: readonly string[], since: string | undefined): ExtractiveReflection {
  const cites: string[] = [];
  const cite = (r: MemoryRecord) => {
    cites.push(r.id);
    return `[m:${r.id}]`;
  };
  const paragraphs: string[] = [];
  const first = records[0]?.ts;
  const last = records[records.length - 1]?.ts;
  paragraphs.push(`Looking back on ${records.length} ${records.length === 1 ? 'memory' : 'memories'} ${since ? `since ${when(since)}` : `from ${when(first)}`} to ${when(last)}.`);

  const projects = top(records.flatMap((r) => (r.project ? [r.project] : [])), 3);
  const files = top(records.flatMap(filesOf), 4);
  const where: string[] = [];
  if (projects.length) where.push(`most of my time went to ${listed(projects.map(([p, n]) => `${p} (${n})`))}`);
  if (files.length) where.push(`the files I kept coming back to were ${listed(files.map(([f, n]) => `${f} (${n}×)`))}`);
  if (where.length) paragraphs.push(`${capitalize(where.join('; '))}.`);

  const themes = top(
    records.flatMap((r) => [
      ...r.tags.filter((t) => !GENERIC_TAGS.has(t)),
      ...(isCaptureTrivia(r) ? [] : contentWords(gist(r, 200)).filter((w) => w.length > 3 && !EVENT_WORDS.has(w) && !/^\d+$/.test(w))),
    ]),
    5,
  ).filter(([, n]) => n > 1);
  if (themes.length) paragraphs.push(`What kept coming up: ${listed(themes.map(([t]) => t))}.`);

  const finished = records.filter(isFinishing).slice(-MAX_FINISHED);
  if (finished.length) paragraphs.push(`What I finished: ${finished.map((r) => `${gist(r)} ${cite(r)}`).join('; ')}.`);

  const quoted = new Set(finished.map((r) => r.id));
  const important = records
    .filter((r) => !quoted.has(r.id) && !isCaptureTrivia(r) && r.text.trim())
    .map((r, i) => ({ r, weight: (r.importance ?? 5) + (isPersonStatement(r) ? 2 : 0) + i / records.length }))
    .sort((a, b) => b.weight - a.weight)
    .slice(0, MAX_QUOTES)
    .map((x) => x.r)
    .sort((a, b) => a.ts.localeCompare(b.ts));
  if (important.length) paragraphs.push(`What mattered most: ${important.map((r) => `"${gist(r, 140)}" ${cite(r)}`).join('; ')}.`);

  if (openTasks.length) paragraphs.push(`Still open: ${listed(openTasks.slice(0, 5).map((t) => `"${t}"`))}${openTasks.length > 5 ? ` and ${openTasks.length - 5} more` : ''}.`);
  return { text: paragraphs.join('\n\n'), cites };
}

function isFinishing(record: MemoryRecord): boolean {
  return record.tags.includes('commit') || record.tags.includes('error-fixed') || record.meta.capture === 'git/commit' || /^(done|finished|shipped|completed)\b/i.test(record.text);
}

/** Files a record touched: `meta.file`, `meta.files` (paths or `{ path }`), path-like entities. */
function filesOf(record: MemoryRecord): string[] {
  const out = new Set<string>();
  if (typeof record.meta.file === 'string') out.add(record.meta.file);
  if (Array.isArray(record.meta.files)) {
    for (const f of record.meta.files as unknown[]) {
      if (typeof f === 'string') out.add(f);
      else if (typeof f === 'object' && f !== null && typeof (f as { path?: unknown }).path === 'string') out.add((f as { path: string }).path);
    }
  }
  for (const e of record.entities) if (/[\\/]|\.[a-z]{1,5}$/i.test(e)) out.add(e);
  return [...out];
}

function top(items: string[], n: number): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, n);
}

function listed(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function when(ts: string | undefined): string {
  return ts ? `${ts.slice(0, 10)} ${ts.slice(11, 16)} UTC` : 'the start';
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
