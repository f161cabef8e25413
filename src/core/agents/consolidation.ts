import type { MemoryKind, MemoryRecord } from '../memory/record';
import { hasLink, isAgentThought, isPersonReviewed, isTwinAnswer } from './agentText';
import type { AgentContext } from './agentTypes';
import { nearDuplicatePairs } from './nearDuplicates';
import { decayStaleTrivia, type DecayMemory } from './triviaDecay';

/**
 * The sleep service's consolidation: near-duplicate memories are merged into one with links, and
 * stale trivia fades (triviaDecay.ts). Nothing is deleted and no text is rewritten.
 *
 * Merging: within one kind, records whose texts are near-identical (word-bigram Jaccard ≥
 * `DUPLICATE_THRESHOLD`, nearDuplicates.ts) form a group around a canonical record — one that
 * was canonical before, else the most important, else the earliest. The canonical gets a
 * `merged` link to each duplicate and each duplicate a `duplicate_of` link to it, so search can
 * show the canonical and hide the repeats while every original stays readable. Left out: the
 * agents' own thoughts and the twin's answers (not evidence), records the person reviewed (their
 * judgement), and captured events (each is its own moment, however alike the words).
 */
export const DUPLICATE_THRESHOLD = 0.9;
export const DUPLICATE_OF = 'duplicate_of';
export const MERGED = 'merged';
const MERGEABLE_KINDS: ReadonlySet<MemoryKind> = new Set(['note', 'chat', 'event']);
const MAX_MERGES_PER_RUN = 500;

export interface ConsolidationReport {
  /** Duplicates linked to a canonical this run. */
  merged: number;
  /** Canonical records that gained duplicates. */
  groups: number;
  /** Stale trivia lowered one step. */
  decayed: number;
  decayMemory: DecayMemory;
}

export function isMergeable(record: MemoryRecord): boolean {
  if (!MERGEABLE_KINDS.has(record.kind) || isAgentThought(record) || isTwinAnswer(record) || isPersonReviewed(record)) return false;
  if (record.kind === 'event' && record.tags.includes('capture')) return false;
  return !hasLink(record, DUPLICATE_OF);
}

export async function consolidate(ctx: AgentContext, decayMemory: DecayMemory, wrote: (id: string) => void): Promise<ConsolidationReport> {
  const records: MemoryRecord[] = [];
  for await (const record of ctx.store.memory.scan()) records.push(record);
  ctx.signal.throwIfAborted();
  const { merged, groups } = await mergeDuplicates(ctx, records, wrote);
  ctx.signal.throwIfAborted();
  // Decay reads the records as they are now: a merge may have changed their links.
  const fresh = merged > 0 ? await collect(ctx) : records;
  const decay = await decayStaleTrivia(ctx, fresh, decayMemory, wrote);
  return { merged, groups, decayed: decay.decayed.length, decayMemory: decay.memory };
}

async function collect(ctx: AgentContext): Promise<MemoryRecord[]> {
  const out: MemoryRecord[] = [];
  for await (const record of ctx.store.memory.scan()) out.push(record);
  return out;
}

async function mergeDuplicates(ctx: AgentContext, records: readonly MemoryRecord[], wrote: (id: string) => void): Promise<{ merged: number; groups: number }> {
  const byKind = new Map<MemoryKind, MemoryRecord[]>();
  for (const record of records) {
    if (!isMergeable(record)) continue;
    const list = byKind.get(record.kind);
    if (list) list.push(record);
    else byKind.set(record.kind, [record]);
  }
  const neighbours = new Map<string, MemoryRecord[]>();
  const add = (from: MemoryRecord, to: MemoryRecord) => {
    const list = neighbours.get(from.id);
    if (list) list.push(to);
    else neighbours.set(from.id, [to]);
  };
  for (const list of byKind.values()) {
    for (const { a, b } of nearDuplicatePairs(list, (r) => r.text, DUPLICATE_THRESHOLD)) {
      add(a, b);
      add(b, a);
    }
  }
  const candidates = [...byKind.values()].flat().filter((r) => neighbours.has(r.id)).sort(canonicalFirst);
  const assigned = new Set<string>();
  let merged = 0;
  let groups = 0;
  for (const canonical of candidates) {
    if (assigned.has(canonical.id)) continue;
    assigned.add(canonical.id);
    // A duplicate is taken by the best canonical it resembles; an earlier canonical stays one.
    const duplicates = neighbours.get(canonical.id)!.filter((d) => !assigned.has(d.id) && !hasLink(d, MERGED)).sort(canonicalFirst);
    let linked = 0;
    for (const duplicate of duplicates) {
      if (merged >= MAX_MERGES_PER_RUN) break;
      ctx.signal.throwIfAborted();
      assigned.add(duplicate.id);
      if (await linkDuplicate(ctx, canonical, duplicate, wrote)) {
        merged++;
        linked++;
      }
    }
    if (linked > 0) groups++;
    if (merged >= MAX_MERGES_PER_RUN) break;
  }
  return { merged, groups };
}

/**
 * The canonical's `merged` link first, then the duplicate's `duplicate_of`: a run cut in between
 * leaves the pair unmerged-looking, and the next run finds it again and adds only what is missing.
 */
async function linkDuplicate(ctx: AgentContext, canonical: MemoryRecord, duplicate: MemoryRecord, wrote: (id: string) => void): Promise<boolean> {
  const [c, d] = [await ctx.store.memory.get(canonical.id), await ctx.store.memory.get(duplicate.id)];
  // Forgotten or reviewed since the scan: leave them as they are.
  if (!c || !d || isPersonReviewed(c) || isPersonReviewed(d) || hasLink(d, DUPLICATE_OF)) return false;
  if (!hasLink(c, MERGED, d.id)) {
    await ctx.store.memory.edit(c.id, { op: 'link', link: { rel: MERGED, id: d.id } });
    wrote(c.id);
  }
  await ctx.store.memory.edit(d.id, { op: 'link', link: { rel: DUPLICATE_OF, id: c.id } });
  wrote(d.id);
  return true;
}

/** Already canonical, then more important, then earlier. */
function canonicalFirst(a: MemoryRecord, b: MemoryRecord): number {
  const was = Number(hasLink(b, MERGED)) - Number(hasLink(a, MERGED));
  if (was !== 0) return was;
  const importance = (b.importance ?? 0) - (a.importance ?? 0);
  if (importance !== 0) return importance;
  return a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
