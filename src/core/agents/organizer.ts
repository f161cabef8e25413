import type { ChangeCursor } from '../memory/memoryChanges';
import type { MemoryRecord } from '../memory/record';
import { fallBack } from './agentPrompt';
import { hasLink, isAgentThought, isPersonReviewed, isTwinAnswer } from './agentText';
import type { Agent, AgentContext, AgentResult } from './agentTypes';
import { supersedeContradicted } from './contradictions';
import { enrichWithModel } from './enrichmentModel';
import { enrichOffline, type Enrichment } from './memoryEnrichment';
import { linkRelated, wantsRelatedLinks } from './relatedLinks';
import { isSessionSummary, writeSessionNarrative } from './sessionNarrative';

/**
 * The organizer enriches memories that are new since its last run, with edits only (the text is
 * never rewritten): tags, entities, an importance score, `related` links, a narrative for each
 * finished coding session (with a model), and `superseded_by` on older facts a new one
 * contradicts. Records the person reviewed are left alone, and so is an importance someone set.
 *
 * "New" is read from the store's change feed: the cursor says how far the log was read, the
 * watermark is the last record id handed out to organizing (ids grow with time, so edits to older
 * records, including the organizer's own, are passed over). When more than a run's worth
 * arrived, the cursor stays and the next run continues after the watermark. A run cut short
 * is safe to repeat: every edit is skipped when it is already there.
 */
export const MAX_RECORDS_PER_RUN = 200;
/** Model requests per run (each JSON request may retry once): the hourly budget is shared by all agents. */
const MODEL_ASKS_PER_RUN = 6;
const MODEL_BATCH = 12;
const MAX_NARRATIVES_PER_RUN = 3;
const MAX_TAGS_ADDED = 6;
const MAX_ENTITIES_ADDED = 12;

// A type, not an interface: the state slot takes a plain record.
type OrganizerState = {
  cursor?: ChangeCursor;
  watermark?: string;
};

interface Tally {
  organized: number;
  tags: number;
  entities: number;
  scored: number;
  links: number;
  superseded: number;
  narratives: number;
  fallbacks: string[];
}

export const organizerAgent: Agent = {
  id: 'organizer',
  title: 'Organizer',
  description: 'Tags new memories, names what they mention, scores their importance, links related ones, narrates finished coding sessions, and marks facts a newer memory contradicts as superseded.',
  schedule: '*/10 * * * *',
  run: runOrganizer,
};

/** Memories the organizer enriches: what happened and what the person said, not the agents' own thoughts or the twin's answers. */
export function isOrganizable(record: MemoryRecord): boolean {
  return (record.kind === 'event' || record.kind === 'chat' || record.kind === 'note') && !isAgentThought(record) && !isTwinAnswer(record) && !isPersonReviewed(record);
}

async function runOrganizer(ctx: AgentContext): Promise<AgentResult> {
  const state = ((await ctx.state.get()) ?? {}) as OrganizerState;
  const batch = await ctx.store.memory.readChanges(state.cursor ?? {});
  const fresh = batch.changes
    .flatMap((c) => (c.type === 'upsert' && (state.watermark === undefined || c.record.id > state.watermark) ? [c.record] : []))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  const work: MemoryRecord[] = [];
  let watermark = state.watermark;
  let complete = true;
  for (const record of fresh) {
    if (work.length >= MAX_RECORDS_PER_RUN) {
      complete = false;
      break;
    }
    watermark = record.id;
    if (isOrganizable(record)) work.push(record);
  }
  const nextState: OrganizerState = { cursor: complete ? batch.cursor : (state.cursor ?? {}), ...(watermark ? { watermark } : {}) };
  if (work.length === 0) {
    await ctx.state.set(nextState);
    return { outcome: 'skipped', summary: 'No new memories to organize.' };
  }

  const tally: Tally = { organized: 0, tags: 0, entities: 0, scored: 0, links: 0, superseded: 0, narratives: 0, fallbacks: [] };
  let asks = MODEL_ASKS_PER_RUN;
  const useModel = () => ctx.model !== undefined && asks-- > 0;
  // A record is counted once for the run however many edits it got.
  const reported = new Set<string>();
  const wrote = (id: string) => {
    if (reported.has(id)) return;
    reported.add(id);
    ctx.wrote(id);
  };

  ctx.emit({ type: 'progress', message: `Organizing ${work.length} new memories`, fraction: 0 });
  const enrichments = await enrichAll(ctx, work, useModel, tally);
  const organized: MemoryRecord[] = [];
  for (const [i, record] of work.entries()) {
    ctx.signal.throwIfAborted();
    const current = await applyEnrichment(ctx, record, enrichments.get(record.id)!, tally, wrote);
    if (current) organized.push(current);
    if (i % 20 === 19) ctx.emit({ type: 'progress', message: `Organized ${i + 1} of ${work.length}`, fraction: (i + 1) / work.length / 2 });
  }

  let narratives = MAX_NARRATIVES_PER_RUN;
  for (const [i, record] of organized.entries()) {
    ctx.signal.throwIfAborted();
    if (i % 20 === 19) ctx.emit({ type: 'progress', message: `Linked ${i + 1} of ${organized.length}`, fraction: 0.5 + (i + 1) / organized.length / 2 });
    if (wantsRelatedLinks(record)) {
      const added = await linkRelated(ctx, record);
      if (added) wrote(record.id);
      tally.links += added;
    }
    tally.superseded += (await supersedeContradicted(ctx, record, useModel, wrote)).length;
    if (isSessionSummary(record) && narratives > 0 && useModel()) {
      narratives--;
      try {
        if (!(await alreadyNarrated(ctx, record)) && (await writeSessionNarrative(ctx, record))) tally.narratives++;
      } catch (error) {
        tally.fallbacks.push(fallBack(ctx, 'organizer session narrative', error));
      }
    }
  }

  await ctx.state.set(nextState);
  return { outcome: 'ok', summary: summaryOf(tally, complete) };
}

/** Offline enrichment for every record, merged with the model's for the records worth a model's attention. */
async function enrichAll(ctx: AgentContext, work: MemoryRecord[], useModel: () => boolean, tally: Tally): Promise<Map<string, Enrichment>> {
  const out = new Map(work.map((r) => [r.id, enrichOffline(r, ctx.persona)]));
  if (!ctx.model) return out;
  // Captured moments are structured already; the model reads what a person wrote, commits and sessions.
  const worth = work.filter(wantsRelatedLinks);
  for (let i = 0; i < worth.length; i += MODEL_BATCH) {
    ctx.signal.throwIfAborted();
    if (!useModel()) break;
    const chunk = worth.slice(i, i + MODEL_BATCH);
    try {
      const byModel = await enrichWithModel(ctx, chunk);
      for (const record of chunk) {
        const model = byModel.get(record.id);
        const offline = out.get(record.id)!;
        if (!model) continue;
        out.set(record.id, {
          tags: [...new Set([...(model.tags ?? []), ...offline.tags])],
          entities: [...new Set([...offline.entities, ...(model.entities ?? [])])],
          importance: model.importance ?? offline.importance,
        });
      }
    } catch (error) {
      tally.fallbacks.push(fallBack(ctx, 'organizer enrichment', error));
      break;
    }
  }
  return out;
}

/** Adds what is not there yet, to a record still unreviewed; returns its new state (undefined when left alone). */
async function applyEnrichment(ctx: AgentContext, record: MemoryRecord, enrichment: Enrichment, tally: Tally, wrote: (id: string) => void): Promise<MemoryRecord | undefined> {
  let current = await ctx.store.memory.get(record.id);
  // Forgotten, or reviewed by the person since it was read: theirs now.
  if (!current || isPersonReviewed(current)) return undefined;
  const tags = enrichment.tags.filter((t) => !current!.tags.includes(t)).slice(0, MAX_TAGS_ADDED);
  const have = new Set(current.entities.map((e) => e.toLowerCase()));
  const entities = enrichment.entities.filter((e) => !have.has(e.toLowerCase())).slice(0, MAX_ENTITIES_ADDED);
  let changed = false;
  if (tags.length) {
    current = await ctx.store.memory.edit(record.id, { op: 'tag', add: tags });
    tally.tags += tags.length;
    changed = true;
  }
  if (entities.length) {
    current = await ctx.store.memory.edit(record.id, { op: 'entities', add: entities });
    tally.entities += entities.length;
    changed = true;
  }
  if (current.importance === undefined) {
    current = await ctx.store.memory.edit(record.id, { op: 'set_importance', importance: enrichment.importance });
    tally.scored++;
    changed = true;
  }
  if (changed) wrote(record.id);
  tally.organized++;
  return current;
}

async function alreadyNarrated(ctx: AgentContext, summary: MemoryRecord): Promise<boolean> {
  const briefs = await ctx.search(summary.text.slice(0, 300), { k: 5, kinds: ['brief'] });
  return briefs.some((b) => hasLink(b, 'summarizes', summary.id));
}

function summaryOf(t: Tally, complete: boolean): string {
  const parts = [`${t.tags} tags`, `${t.entities} entities`, `${t.scored} importance scores`, `${t.links} related links`];
  if (t.superseded) parts.push(`${t.superseded} superseded fact${t.superseded === 1 ? '' : 's'}`);
  if (t.narratives) parts.push(`${t.narratives} session narrative${t.narratives === 1 ? '' : 's'}`);
  const fallback = t.fallbacks.length ? ` Offline methods used: ${[...new Set(t.fallbacks)].join('; ')}.` : '';
  return `Organized ${t.organized} memories: ${parts.join(', ')}.${complete ? '' : ' More are waiting for the next run.'}${fallback}`;
}
