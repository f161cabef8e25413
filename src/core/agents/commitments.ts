import type { MemoryRecord } from '../memory/record';
import { clip, isPersonStatement, similarity } from './agentText';

/** Something the person said they would do, found in one of their memories. */
export interface Commitment {
  /** The task's title: what is to be done, in a line. */
  title: string;
  /** The sentence it came from, as written. */
  quote: string;
  memoryId: string;
  /** The memory's time, for the reason shown to the person. */
  ts: string;
}

const TIME_WORDS = String.raw`tomorrow|tonight|today|later today|this (?:morning|afternoon|evening|week)|next week|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|first thing tomorrow`;

/**
 * Explicit commitments only: a to-do marker, "remind me to", "I need to", "I'll … <when>",
 * "follow up with … on …". Each pattern's first group is the title, except the follow-up, which
 * is rebuilt from its two parts. A question ("Do I need to…?") is never a commitment.
 */
const PATTERNS: { pattern: RegExp; title: (m: RegExpMatchArray) => string }[] = [
  { pattern: /^(?:[-*]\s*)?(?:\[ \]\s*)?(?:TODO|FIXME)\b\s*[:\-–]?\s*(.{3,})$/i, title: (m) => m[1] },
  // Inside a sentence, only the marker as people write it: capitals and a colon or dash.
  { pattern: /\b(?:TODO|FIXME)\s*[:\-–]\s*(.{3,})$/, title: (m) => m[1] },
  { pattern: /\bremind me to\s+(.{3,})$/i, title: (m) => m[1] },
  { pattern: /\bI (?:really |still )?(?:need to|have to|must|(?:'ve|’ve|ve) got to|got to)\s+(.{3,})$/i, title: (m) => m[1] },
  { pattern: new RegExp(String.raw`\bI(?:'ll|’ll| will)\s+((?=.*\b(?:${TIME_WORDS})\b).{3,})$`, 'i'), title: (m) => m[1] },
  { pattern: /\bfollow[- ]up with\s+(.+?)\s+(?:on|about|regarding)\s+(.{3,})$/i, title: (m) => `Follow up with ${m[1]} on ${m[2]}` },
];

/** Commitments the person wrote in these memories (notes, their side of chats, their documents), in order. */
export function findCommitments(records: readonly MemoryRecord[]): Commitment[] {
  const found: Commitment[] = [];
  for (const record of records) {
    if (!isPersonStatement(record)) continue;
    for (const sentence of statements(record.text)) {
      const title = commitmentIn(sentence);
      if (title && !found.some((c) => sameCommitment(c.title, title))) found.push({ title, quote: clip(sentence, 200), memoryId: record.id, ts: record.ts });
    }
  }
  return found;
}

/** The title of the commitment a sentence states, or undefined. */
export function commitmentIn(sentence: string): string | undefined {
  const text = sentence.trim();
  if (text.endsWith('?') || /\b(?:don't|do not|no longer|never) (?:need|have) to\b/i.test(text)) return undefined;
  for (const { pattern, title } of PATTERNS) {
    const match = text.match(pattern);
    if (match) return titleOf(title(match));
  }
  return undefined;
}

/** Two titles that name the same thing to do (wording aside). */
export function sameCommitment(a: string, b: string): boolean {
  const x = normalized(a);
  const y = normalized(b);
  return x === y || similarity(a, b) >= 0.75;
}

export function normalized(title: string): string {
  return title.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** Lines, then sentences: a to-do list is one commitment per line. */
function statements(text: string): string[] {
  return text
    .split(/\n+/)
    .flatMap((line) => line.split(/(?<=[.!?;])\s+/))
    .map((s) => s.trim())
    .filter((s) => s.length > 3);
}

function titleOf(raw: string): string | undefined {
  const cleaned = raw
    .replace(/\s*\[m:[^\]]+\]/g, '')
    .replace(/[\s.!;,:]+$/, '')
    .replace(/,?\s+please$/i, '')
    .trim();
  if (cleaned.length < 3) return undefined;
  return clip(cleaned.charAt(0).toUpperCase() + cleaned.slice(1), 200);
}
