import type { MemoryRecord } from '../memory/record';
import { contentWords } from '../index/textTerms';

/**
 * Small text and record helpers the organizer, reflector and dreamer share: what counts as the
 * person's own words, how a memory is clipped into a phrase, how alike two texts are.
 */

/** Records the agents wrote themselves (reflections, dreams, learnings, narratives): thoughts, not evidence. The ingestor's notes are the person's documents. */
export function isAgentThought(record: MemoryRecord): boolean {
  return record.source.startsWith('agent:') && record.source !== 'agent:ingestor';
}

/** The twin's own chat answers: what it said, not what happened. */
export function isTwinAnswer(record: MemoryRecord): boolean {
  return (record.kind === 'chat' || record.kind === 'dialogue') && record.meta.role === 'assistant';
}

/** Something the person said or wrote: a note, or their side of a chat. */
export function isPersonStatement(record: MemoryRecord): boolean {
  if (isAgentThought(record)) return false;
  return record.kind === 'note' || (record.kind === 'chat' && record.meta.role !== 'assistant');
}

/**
 * What an agent may quote or cite as what happened: not the agents' own thoughts, the twin's
 * answers, dreams or inner-dialogue turns, and nothing the person marked wrong.
 */
export function isEvidence(record: MemoryRecord): boolean {
  return !isAgentThought(record) && !isTwinAnswer(record) && record.kind !== 'dream' && record.kind !== 'dialogue' && record.validated !== false;
}

/**
 * The person asks something, in a note or their side of a chat: the text ends with "?", or starts
 * with "TODO?", "Question:" or "Open question:", or with "Why", "How do/can/should I" or "Should I".
 */
export function asksQuestion(text: string): boolean {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.endsWith('?') || /^(todo\?|(open )?question:)/i.test(flat) || /^(why|how (do|can|should) i|should i)\b/i.test(flat);
}

/** Captured moments too small to think about on their own (a file opened, an edit burst). */
export function isCaptureTrivia(record: MemoryRecord): boolean {
  return record.kind === 'event' && record.tags.some((t) => t === 'opened' || t === 'saved' || t === 'edit' || t === 'created' || t === 'deleted' || t === 'renamed');
}

/** The person confirmed, marked wrong or corrected it: their judgement, which agents never overwrite. */
export function isPersonReviewed(record: MemoryRecord): boolean {
  return record.validated !== undefined || record.meta.corrected !== undefined;
}

export function hasLink(record: MemoryRecord, rel: string, id?: string): boolean {
  return record.links.some((l) => l.rel === rel && (id === undefined || l.id === id));
}

export function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

/** Sentences of a text (lines count as breaks), trimmed, empty ones dropped. */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+(?=[A-Z0-9"'(`])|\n+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 2);
}

/** The gist of a memory as a phrase: a commit's subject, else the first sentence, without its full stop. */
export function gist(record: MemoryRecord, max = 90): string {
  const subject = typeof record.meta.subject === 'string' ? record.meta.subject : undefined;
  const first = subject ?? sentences(record.text)[0] ?? record.text;
  return clip(first, max).replace(/[.!]+$/, '');
}

/** Jaccard similarity of two texts' content words, 0..1. */
export function similarity(a: string, b: string): number {
  const x = new Set(contentWords(a));
  const y = new Set(contentWords(b));
  if (x.size === 0 || y.size === 0) return 0;
  let shared = 0;
  for (const w of x) if (y.has(w)) shared++;
  return shared / (x.size + y.size - shared);
}

/** A text reduced to compare for "the same thing said again". */
export function normalized(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** A deterministic 0..1 generator (mulberry32) so one night's picks can be reproduced. */
export function seededRandom(seed: string): () => number {
  let h = 1779033703 ^ seed.length;
  for (let i = 0; i < seed.length; i++) {
    h = Math.imul(h ^ seed.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Lets the event loop breathe between emitted pieces, so a view receives them as a stream. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
