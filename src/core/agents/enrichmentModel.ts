import * as v from 'valibot';
import { personaName } from '../llm/chat/personaPrompt';
import type { MemoryRecord } from '../memory/record';
import { agentMessages } from './agentPrompt';
import type { AgentContext } from './agentTypes';
import type { Enrichment } from './memoryEnrichment';

/**
 * The organizer's model method: one JSON call for a batch of memories, each given tags, the
 * entities it names and an importance score for this person. The answer is trusted only where
 * it can be checked: ids must be of the batch, an entity must occur in the memory (a model may
 * not invent a person or a library), scores are clamped to 1..10.
 */
const EnrichmentSchema = v.object({
  records: v.array(
    v.object({
      id: v.string(),
      tags: v.optional(v.array(v.string()), []),
      entities: v.optional(v.array(v.string()), []),
      importance: v.optional(v.number()),
    }),
  ),
});

const MAX_TAGS = 5;
const MAX_ENTITIES = 8;

export async function enrichWithModel(ctx: AgentContext, records: readonly MemoryRecord[]): Promise<Map<string, Partial<Enrichment>>> {
  const name = personaName(ctx.persona);
  const task = [
    `You organize the memories of ${name}'s digital twin. For each memory below return:`,
    '- "tags": up to 5 short lower-case topic words (e.g. bugfix, testing, decision, release, preference);',
    '- "entities": the projects, files, people, libraries and technical concepts the memory names, written as in the memory;',
    `- "importance": 1 (trivia) to 10 (life-defining) for ${name}: 2 routine activity, 5 ordinary work, 7 a decision or milestone.`,
    'Reply with JSON only: {"records":[{"id":"<id>","tags":[],"entities":[],"importance":5}]}, one entry per memory id.',
  ].join('\n');
  const messages = agentMessages(task, ctx.persona, records, 'Organize these memories.');
  const answer = await ctx.model!.json('organizing', messages, EnrichmentSchema);
  const byId = new Map(records.map((r) => [r.id, r]));
  const out = new Map<string, Partial<Enrichment>>();
  for (const item of answer.records) {
    const record = byId.get(item.id);
    if (!record) continue;
    const haystack = `${record.text}\n${JSON.stringify(record.meta)}`.toLowerCase();
    out.set(item.id, {
      tags: [...new Set(item.tags.map(tagOf).filter((t) => t.length > 0))].slice(0, MAX_TAGS),
      entities: item.entities.map((e) => e.trim()).filter((e) => e.length > 0 && e.length <= 200 && haystack.includes(e.toLowerCase())).slice(0, MAX_ENTITIES),
      ...(item.importance !== undefined && Number.isFinite(item.importance) ? { importance: Math.max(1, Math.min(10, Math.round(item.importance))) } : {}),
    });
  }
  return out;
}

/** `Bug Fix` → `bug-fix`: tags as the rest of the profile writes them. */
function tagOf(raw: string): string {
  return raw
    .trim()
    .toLowerCase()
    .replace(/^#/, '')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
}
