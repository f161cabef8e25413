import { citedIds } from '../llm/chat/memoryLines';
import { personaName } from '../llm/chat/personaPrompt';
import type { MemoryRecord } from '../memory/record';
import { agentMessages } from './agentPrompt';
import { isCaptureTrivia } from './agentText';
import type { AgentContext } from './agentTypes';
import { writeCiting } from './streamedRecord';

/**
 * A finished coding session already has capture's summary record (`session-summary`: files,
 * lines, commits, commands, errors, as figures). With a model, the organizer adds a short
 * narrative of it in the person's voice: a `brief` tagged `session-narrative` that `summarizes`
 * the summary record and cites the events it drew on.
 *
 * Offline it writes none: an extractive narrative would repeat the figures capture already
 * wrote (and compete with them in search) while adding no meaning. That is the documented choice.
 */
const MAX_EVENTS = 25;

/** The session's events the narrative may draw on: what was done, not every file opened. */
async function sessionEvents(ctx: AgentContext, summary: MemoryRecord): Promise<MemoryRecord[]> {
  const out: MemoryRecord[] = [];
  for (const link of summary.links) {
    if (out.length >= MAX_EVENTS) break;
    if (link.rel !== 'summarizes') continue;
    const event = await ctx.store.memory.get(link.id);
    if (event && !isCaptureTrivia(event)) out.push(event);
  }
  return out;
}

export function isSessionSummary(record: MemoryRecord): boolean {
  return record.kind === 'event' && record.tags.includes('session-summary');
}

export async function writeSessionNarrative(ctx: AgentContext, summary: MemoryRecord): Promise<MemoryRecord | undefined> {
  const events = await sessionEvents(ctx, summary);
  const name = personaName(ctx.persona);
  const task = [
    `You write ${name}'s memory of a coding session that just ended, in ${name}'s own voice (first person), in 2 to 4 sentences:`,
    'what the session was about, what got done, and what was left open. Use only what the memories below say, and cite each',
    'one you use as [m:<id>], exactly as written. No heading, no list.',
  ].join(' ');
  const sources = [summary, ...events];
  const text = (await ctx.model!.complete('organizing', agentMessages(task, ctx.persona, sources, 'Narrate this coding session.'), { maxTokens: 300 })).trim();
  if (!text) return undefined;
  const known = new Set(sources.map((r) => r.id));
  const cites = citedIds(text).filter((id) => known.has(id));
  return writeCiting(
    ctx,
    undefined,
    {
      kind: 'brief',
      text,
      source: 'agent:organizer',
      ...(summary.project ? { project: summary.project } : {}),
      tags: ['session-narrative'],
      entities: summary.entities.slice(0, 20),
      ...(summary.importance !== undefined ? { importance: summary.importance } : {}),
      links: [{ rel: 'summarizes', id: summary.id }],
      meta: { ...(summary.meta.session !== undefined ? { session: summary.meta.session } : {}), model: ctx.model!.label },
    },
    cites.length ? cites : [summary.id],
  );
}
