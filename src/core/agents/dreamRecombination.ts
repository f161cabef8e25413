import type { MemoryRecord } from '../memory/record';
import { gist, isAgentThought, isCaptureTrivia, isTwinAnswer, similarity } from './agentText';

/**
 * The material of dreams: memories far apart in time and topic. The pool is a seeded reservoir
 * sample of the whole log (one pass, bounded memory), and the picks are made greedily, each new
 * one as far as possible from those already picked: distance is half the time between them (as
 * a share of the pool's span), half how little their words overlap, plus a little for another
 * project. The offline dream splices the picked memories' own phrases into one dream.
 */
export const POOL_SIZE = 200;

/** Memories worth dreaming about: what happened or was said, with some words to it; never thoughts or dreams. */
export function isDreamMaterial(record: MemoryRecord): boolean {
  return (
    (record.kind === 'event' || record.kind === 'chat' || record.kind === 'note') &&
    !isAgentThought(record) &&
    !isTwinAnswer(record) &&
    !isCaptureTrivia(record) &&
    record.validated !== false &&
    record.text.trim().length >= 12
  );
}

/** A seeded reservoir sample of the dream material in `records`. */
export async function dreamPool(records: AsyncIterable<MemoryRecord>, random: () => number, size = POOL_SIZE): Promise<MemoryRecord[]> {
  const pool: MemoryRecord[] = [];
  let seen = 0;
  for await (const record of records) {
    if (!isDreamMaterial(record)) continue;
    seen++;
    if (pool.length < size) pool.push(record);
    else {
      const j = Math.floor(random() * seen);
      if (j < size) pool[j] = record;
    }
  }
  return pool;
}

/** How far apart two memories are, 0..~1.2: time (share of the span), topic (1 − word overlap), project. */
export function memoryDistance(a: MemoryRecord, b: MemoryRecord, spanMs: number): number {
  const time = spanMs > 0 ? Math.abs(Date.parse(a.ts) - Date.parse(b.ts)) / spanMs : 0;
  const topic = 1 - similarity(a.text, b.text);
  const project = a.project !== b.project ? 0.2 : 0;
  return 0.5 * time + 0.5 * topic + project;
}

/** Up to `n` memories of the pool, each as distant as can be from the ones picked before it. */
export function pickDistant(pool: readonly MemoryRecord[], n: number, random: () => number): MemoryRecord[] {
  if (pool.length === 0) return [];
  const times = pool.map((r) => Date.parse(r.ts));
  const span = Math.max(...times) - Math.min(...times);
  const picked = [pool[Math.floor(random() * pool.length)]];
  while (picked.length < Math.min(n, pool.length)) {
    let best: MemoryRecord | undefined;
    let bestScore = -1;
    for (const candidate of pool) {
      if (picked.includes(candidate)) continue;
      // A little noise, so two nights with the same pool do not dream the same dream.
      const score = Math.min(...picked.map((p) => memoryDistance(candidate, p, span))) + random() * 0.05;
      if (score > bestScore) {
        best = candidate;
        bestScore = score;
      }
    }
    if (!best) break;
    picked.push(best);
  }
  return picked;
}

const OPENINGS = ['I dreamt of', 'In the dream there was', 'Last night I dreamt of'];

/** A dream built from the memories' own phrases, each cited; odd on purpose, and never mistaken for a fact. */
export function offlineDream(memories: readonly MemoryRecord[], random: () => number): string {
  const [a, b, ...rest] = memories;
  // Quoted as written: a name or a path is never mangled into the dream's sentence.
  const phrase = (r: MemoryRecord) => `"${gist(r, 110)}" [m:${r.id}]`;
  const opening = OPENINGS[Math.floor(random() * OPENINGS.length)];
  const lines = [`${opening} ${phrase(a)}${b ? `, which was also ${phrase(b)}` : ''}.`];
  for (const r of rest) lines.push(`Then, as if it belonged there: ${phrase(r)}.`);
  const places = memories.map((r) => r.project ?? r.entities[0]).filter((p): p is string => Boolean(p));
  const distinct = [...new Set(places)];
  if (distinct.length >= 2) lines.push(`Somehow ${distinct[0]} and ${distinct[1]} were the same place.`);
  const years = [...new Set(memories.map((r) => r.ts.slice(0, 10)))].sort();
  if (years.length >= 2) lines.push(`It mixed ${years[0]} with ${years[years.length - 1]}, and neither felt like the past.`);
  lines.push('(A dream: imaginative, not a memory of what happened.)');
  return lines.join(' ');
}
