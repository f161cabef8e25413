import type { MemoryRecord } from '../memory/record';
import { isAgentThought, isCaptureTrivia, isPersonReviewed } from './agentText';
import type { AgentContext } from './agentTypes';
import { importanceHistory, type ImportanceEdit } from './importanceHistory';
import { importanceOf } from './memoryEnrichment';

/**
 * Stale trivia fades: a captured moment (a file opened, saved, an edit burst) older than
 * `STALE_AFTER_DAYS`, of low importance, that no record cites and the person never reviewed,
 * loses one step of importance — at most one step per `STALE_AFTER_DAYS`, never below 1, never
 * deleted. Search ranks by importance, so old trivia stops crowding out what matters.
 *
 * Only an importance the machine gave is lowered. The edits log does not say who wrote an edit,
 * so the history decides: the first `set_importance` must be the organizer's offline score
 * (captured moments never get a model's), and every later one a one-step decay this service
 * remembers having written. An importance present from the start, or any other value, is the
 * person's (or an import's) and stays.
 */
export const STALE_AFTER_DAYS = 30;
/** Trivia above this is not trivia any more (someone or something thought it mattered). */
export const TRIVIA_MAX_IMPORTANCE = 3;
const MAX_DECAYS_PER_RUN = 2000;
const DAY_MS = 86_400_000;

/** What the sleep service remembers between nights: the importance it last set, by record. */
export type DecayMemory = Record<string, number>;

export interface DecayResult {
  decayed: string[];
  memory: DecayMemory;
}

export async function decayStaleTrivia(ctx: AgentContext, records: readonly MemoryRecord[], memory: DecayMemory, wrote: (id: string) => void): Promise<DecayResult> {
  const staleBefore = ctx.now().getTime() - STALE_AFTER_DAYS * DAY_MS;
  const cited = new Set<string>();
  for (const record of records) for (const link of record.links) if (link.rel === 'cites') cited.add(link.id);
  const history = importanceHistory(ctx.store.files);
  // Remembered only while the value is still ours and may decay again, so the memory stays small.
  const next: DecayMemory = {};
  for (const record of records) {
    const ours = memory[record.id];
    if (ours !== undefined && ours > 1 && record.importance === ours) next[record.id] = ours;
  }
  const decayed: string[] = [];
  for (const record of records) {
    if (decayed.length >= MAX_DECAYS_PER_RUN) break;
    const edits = history.get(record.id);
    if (!isStaleTrivia(record, staleBefore, cited) || !edits || !machineSet(record, edits, memory[record.id])) continue;
    // One step per stale period: the last score or decay must itself be old.
    if (Date.parse(edits.at(-1)!.ts) > staleBefore) continue;
    ctx.signal.throwIfAborted();
    const current = await ctx.store.memory.get(record.id);
    // Forgotten, reviewed or rescored since the scan: theirs now.
    if (!current || isPersonReviewed(current) || current.importance !== record.importance) continue;
    const lowered = Math.max(1, record.importance! - 1);
    await ctx.store.memory.edit(record.id, { op: 'set_importance', importance: lowered });
    wrote(record.id);
    decayed.push(record.id);
    if (lowered > 1) next[record.id] = lowered;
    else delete next[record.id];
  }
  return { decayed, memory: next };
}

function isStaleTrivia(record: MemoryRecord, staleBefore: number, cited: ReadonlySet<string>): boolean {
  if (!isCaptureTrivia(record) || isAgentThought(record) || isPersonReviewed(record) || cited.has(record.id)) return false;
  const importance = record.importance;
  if (importance === undefined || importance <= 1 || importance > TRIVIA_MAX_IMPORTANCE) return false;
  const ts = Date.parse(record.ts);
  return Number.isFinite(ts) && ts < staleBefore;
}

/** The organizer's score, then only one-step decays of ours, ending at the value we last wrote. */
function machineSet(record: MemoryRecord, edits: readonly ImportanceEdit[], ours: number | undefined): boolean {
  if (edits[0].importance !== importanceOf(record)) return false;
  if (edits.length === 1) return edits[0].importance === record.importance;
  for (let i = 1; i < edits.length; i++) if (edits[i].importance !== edits[i - 1].importance - 1) return false;
  return ours !== undefined && ours === record.importance && edits.at(-1)!.importance === record.importance;
}
