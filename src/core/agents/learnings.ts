import type { MemoryRecord } from '../memory/record';

/**
 * Overnight learnings: the procedural memory the dreamer distils each night (preferences,
 * heuristics, style notes, things to avoid) and the next day's prompts follow. They are one
 * ordinary `reflection` record a night, tagged `overnight-learnings`, so the person reviews them
 * like any memory: marked wrong, they are no longer used; corrected, the corrected text is.
 */
export const LEARNINGS_TAG = 'overnight-learnings';

export const LEARNING_CATEGORIES = ['preference', 'heuristic', 'style', 'avoid'] as const;
export type LearningCategory = (typeof LEARNING_CATEGORIES)[number];

export interface Learning {
  category: LearningCategory;
  text: string;
  /** Memories it was learned from (none for a rejected proposal, which lives in the audit). */
  cites: string[];
}

const LABELS: Record<LearningCategory, string> = { preference: 'Preference', heuristic: 'Heuristic', style: 'Style', avoid: 'Avoid' };

/** The record's text: a heading and one bullet per learning, `- Avoid: … [m:<id>]`. */
export function learningsText(night: string, learnings: readonly Learning[]): string {
  const lines = learnings.map((l) => `- ${LABELS[l.category]}: ${l.text}${l.cites.map((id) => ` [m:${id}]`).join('')}`);
  return `Overnight learnings (${night}):\n${lines.join('\n')}`;
}

export function isLearningsRecord(record: MemoryRecord): boolean {
  return record.kind === 'reflection' && record.tags.includes(LEARNINGS_TAG);
}

/**
 * The learnings a record holds as the person left it: none when they marked it wrong, the bullets
 * of their text when they corrected it, else `meta.learnings` (checked, bad entries dropped).
 */
export function learningsOf(record: MemoryRecord): Learning[] {
  if (!isLearningsRecord(record) || record.validated === false) return [];
  if (record.meta.corrected !== undefined) return parseLearningLines(record.text);
  const raw = record.meta.learnings;
  if (!Array.isArray(raw)) return parseLearningLines(record.text);
  return raw.flatMap((item: unknown): Learning[] => {
    if (typeof item !== 'object' || item === null) return [];
    const { category, text, cites } = item as Record<string, unknown>;
    if (!isCategory(category) || typeof text !== 'string' || !text.trim()) return [];
    return [{ category, text: text.trim(), cites: Array.isArray(cites) ? cites.filter((c): c is string => typeof c === 'string') : [] }];
  });
}

/** Bullets `- Category: text [m:id]`; a bullet without a known category counts as a heuristic. */
export function parseLearningLines(text: string): Learning[] {
  const out: Learning[] = [];
  for (const line of text.split('\n')) {
    const bullet = /^\s*[-*]\s+(.*)$/.exec(line);
    if (!bullet) continue;
    const cites = [...bullet[1].matchAll(/\[m:([0-9A-Za-z]+)\]/g)].map((m) => m[1]);
    const body = bullet[1].replace(/\s*\[m:[0-9A-Za-z]+\]/g, '').trim();
    const labelled = /^(preference|heuristic|style|avoid)\s*:\s*(.*)$/i.exec(body);
    const category = labelled ? (labelled[1].toLowerCase() as LearningCategory) : 'heuristic';
    const rest = (labelled ? labelled[2] : body).trim();
    if (rest) out.push({ category, text: rest, cites });
  }
  return out;
}

/** The newest learnings record the person has not rejected, among `records` (any order). */
export function latestLearnings(records: readonly MemoryRecord[]): { record: MemoryRecord; learnings: Learning[] } | undefined {
  const usable = records.filter((r) => isLearningsRecord(r) && r.validated !== false).sort((a, b) => b.ts.localeCompare(a.ts) || b.id.localeCompare(a.id));
  for (const record of usable) {
    const learnings = learningsOf(record);
    if (learnings.length) return { record, learnings };
  }
  return undefined;
}

/** One line each, for a system prompt: `Avoid: …`. */
export function learningPromptLines(learnings: readonly Learning[]): string[] {
  return learnings.map((l) => `${LABELS[l.category]}: ${l.text}`);
}

export const LEARNINGS_SECTION_TITLE = 'What I learned about how you like things (overnight learnings; follow them unless asked otherwise)';

/** The `## …` section agents add to their prompts; empty when there is nothing learned yet. */
export function learningsSection(learnings: readonly Learning[]): string {
  if (!learnings.length) return '';
  return `## ${LEARNINGS_SECTION_TITLE}\n${learningPromptLines(learnings)
    .map((l) => `- ${l}`)
    .join('\n')}`;
}

function isCategory(value: unknown): value is LearningCategory {
  return typeof value === 'string' && (LEARNING_CATEGORIES as readonly string[]).includes(value);
}

/** The learnings agents follow today, found through their memory search (the newest reflections). */
export async function currentLearnings(search: (query: string, options: { k: number; kinds: ['reflection'] }) => Promise<MemoryRecord[]>): Promise<Learning[]> {
  // An empty query lists the newest records of the kind; learnings are written once a night among a few reflections a day.
  return latestLearnings(await search('', { k: 40, kinds: ['reflection'] }))?.learnings ?? [];
}
