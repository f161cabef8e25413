import type { MemoryCandidate } from './chatTypes';

/**
 * How a memory is written into a prompt, one line each, and read back. The offline provider
 * reads the memories from the prompt it is given (it has no other channel through the
 * ModelProvider interface), so the writer and the reader live together here.
 */
export const MEMORY_SECTION_HEADER = '## Memories (cite as [m:<id>])';

/** How a dream is labelled in a prompt, so no model (and no offline answer) takes it for a fact. */
export const DREAM_LABEL = 'imaginative, not fact';

export function renderMemoryLine(memory: MemoryCandidate, text = memory.text): string {
  const label = memory.kind === 'dream' ? ` — ${DREAM_LABEL}` : '';
  const where = memory.project ? `, ${memory.project}` : '';
  return `[m:${memory.id}] ${memory.ts.slice(0, 10)} (${memory.kind}${label}${where}): ${text.replace(/\s+/g, ' ').trim()}`;
}

export interface PromptMemory {
  id: string;
  /** `YYYY-MM-DD`. */
  date: string;
  kind: string;
  project?: string;
  text: string;
}

const LINE = /^\[m:([0-9A-Za-z]+)\] (\d{4}-\d{2}-\d{2}) \(([a-z]+)(?: — [^,)]*)?(?:, ([^)]*))?\): (.*)$/;

/** The memories of a prompt's memory section, in the order written (most relevant first). */
export function parseMemoryLines(prompt: string): PromptMemory[] {
  const start = prompt.indexOf(MEMORY_SECTION_HEADER);
  if (start < 0) return [];
  const out: PromptMemory[] = [];
  for (const line of prompt.slice(start + MEMORY_SECTION_HEADER.length).split('\n')) {
    if (line.startsWith('## ')) break;
    const m = LINE.exec(line);
    if (m) out.push({ id: m[1], date: m[2], kind: m[3], ...(m[4] ? { project: m[4] } : {}), text: m[5] });
  }
  return out;
}

/** Every `[m:<id>]` in a text, in order of first appearance, without repeats. */
export function citedIds(text: string): string[] {
  return [...new Set([...text.matchAll(/\[m:([0-9A-Za-z]{10,40})\]/g)].map((m) => m[1]))];
}
