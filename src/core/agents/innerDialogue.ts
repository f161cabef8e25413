import { citedIds, MEMORY_SECTION_HEADER, renderMemoryLine } from '../llm/chat/memoryLines';
import { personaName, personaParts } from '../llm/chat/personaPrompt';
import type { ChatMessage } from '../llm/modelProvider';
import type { MemoryLink, MemoryRecord } from '../memory/record';
import { asksQuestion, clip, isEvidence, isPersonStatement } from './agentText';
import type { AgentContext } from './agentTypes';

/** Something the person is working towards or wondering about: an active persona goal, an open task or an open question. */
export interface OpenTopic {
  /** Stable across runs: `goal:<id>`, `task:<id>` or `question:<record id>`. */
  key: string;
  type: 'goal' | 'task' | 'question';
  id: string;
  text: string;
}

const MEMORIES = 4;
const QUOTE_MAX = 160;
/** How far back, and how many, of the person's questions count as open topics. */
const QUESTION_DAYS = 14;
const QUESTIONS_MAX = 5;
const SCAN = 200;

/** Active goals of the persona, then open tasks (open, in progress, blocked), oldest first, then open questions, newest first. */
export async function openTopics(ctx: AgentContext): Promise<OpenTopic[]> {
  const goals = ctx.persona.goals.filter((g) => g.status === 'active' && g.text.trim()).map((g) => ({ key: `goal:${g.id}`, type: 'goal' as const, id: g.id, text: g.text.trim() }));
  const tasks = (await ctx.store.tasks.list({ status: 'active' })).map((t) => ({ key: `task:${t.id}`, type: 'task' as const, id: t.id, text: t.title }));
  return [...goals, ...tasks, ...(await openQuestions(ctx))];
}

/**
 * The person's own recent questions (`asksQuestion`: notes they wrote and their side of chats,
 * not ingested documents; last `QUESTION_DAYS` days, not marked wrong) that no inner-dialogue turn has been `about` yet.
 */
async function openQuestions(ctx: AgentContext): Promise<OpenTopic[]> {
  const since = new Date(ctx.now().getTime() - QUESTION_DAYS * 86_400_000).toISOString();
  const [notes, chats, turns] = await Promise.all([
    ctx.store.memory.list({ kind: 'note', limit: SCAN }),
    ctx.store.memory.list({ kind: 'chat', limit: SCAN }),
    ctx.store.memory.list({ kind: 'dialogue', limit: SCAN }),
  ]);
  const answered = new Set(turns.flatMap((t) => t.links.filter((l) => l.rel === 'about').map((l) => l.id)));
  return [...notes, ...chats]
    .filter((r) => r.ts >= since && isPersonStatement(r) && !r.source.startsWith('agent:') && isEvidence(r) && !answered.has(r.id) && asksQuestion(r.text))
    .sort((a, b) => b.ts.localeCompare(a.ts) || b.id.localeCompare(a.id))
    .slice(0, QUESTIONS_MAX)
    .map((r) => ({ key: `question:${r.id}`, type: 'question' as const, id: r.id, text: clip(r.text, QUOTE_MAX) }));
}


/**
 * One inner-dialogue turn on an open topic, as a `dialogue` record citing the memories it drew
 * on. With a model: a short question and answer in the persona's voice, streamed to the views as
 * it is written. Offline (or when the model fails): an extractive turn that names the topic and
 * quotes the most related memories, each cited.
 */
export async function writeDialogueTurn(ctx: AgentContext, topic: OpenTopic, source: string): Promise<MemoryRecord> {
  // The agents' rule (isEvidence): no thoughts, dreams, earlier turns (they quote the topic back), twin answers or records marked wrong.
  const related = (await ctx.search(topic.text, { k: MEMORIES + 8 })).filter((r) => isEvidence(r) && r.id !== topic.id).slice(0, MEMORIES);
  ctx.signal.throwIfAborted();
  const draft = `dialogue-${ctx.runId}`;
  let text: string | undefined;
  let method: 'model' | 'extractive' = 'extractive';
  if (ctx.model) {
    try {
      text = await modelTurn(ctx, topic, related, draft);
      method = 'model';
    } catch (error) {
      if (ctx.signal.aborted) throw error;
      ctx.log('warn', `Inner dialogue falls back to an extractive turn: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (!text) {
    text = extractiveTurn(topic, related);
    method = 'extractive';
  }
  const known = new Set(related.map((r) => r.id));
  const cites = citedIds(text).filter((id) => known.has(id));
  const links: MemoryLink[] = cites.map((id) => ({ rel: 'cites', id }));
  if (topic.type !== 'goal') links.push({ rel: 'about', id: topic.id });
  const record = await ctx.store.memory.append({
    kind: 'dialogue',
    text,
    source,
    tags: ['inner-dialogue'],
    links,
    meta: { topic: { type: topic.type, id: topic.id, text: topic.text }, method, ...(method === 'model' && ctx.model ? { model: ctx.model.label } : {}) },
  });
  ctx.wrote(record.id);
  ctx.emit({ type: 'record', draft, id: record.id, kind: 'dialogue', text, cites });
  return record;
}

async function modelTurn(ctx: AgentContext, topic: OpenTopic, related: MemoryRecord[], draft: string): Promise<string | undefined> {
  const name = personaName(ctx.persona);
  const persona = personaParts(ctx.persona)
    .map((p) => `## ${p.name}\n${p.text}`)
    .join('\n\n');
  const system: ChatMessage = {
    role: 'system',
    content: [
      `You are the inner voice of ${name}, thinking alone while the editor is idle.`,
      persona,
      `Write one short inner-dialogue turn about the open ${topic.type} below, in the first person and in ${name}'s voice: a line starting "Q:" with the question you ask yourself, then a line starting "A:" with your answer. At most 120 words. Draw only on the memories given; cite each one you use as [m:<id>]. Do not invent facts.`,
    ].join('\n\n'),
  };
  const memories = related.length ? related.map((r) => renderMemoryLine({ ...r, score: 0 })).join('\n') : '(no memory touches it yet)';
  const user: ChatMessage = { role: 'user', content: `Open ${topic.type}: ${topic.text}\n\n${MEMORY_SECTION_HEADER}\n${memories}` };
  const parts = ctx.model!.stream('reflection', [system, user], { maxTokens: 300, temperature: 0.7 });
  let step = await parts.next();
  while (!step.done) {
    if (step.value) ctx.emit({ type: 'text', draft, kind: 'dialogue', text: step.value });
    step = await parts.next();
  }
  return step.value.trim() || undefined;
}

function extractiveTurn(topic: OpenTopic, related: MemoryRecord[]): string {
  const question =
    topic.type === 'goal'
      ? `Q: Where do I stand on my goal "${topic.text}"?`
      : topic.type === 'task'
        ? `Q: What do I know that moves the task "${topic.text}" forward?`
        : `Q: I asked "${topic.text}" — what do I know about it?`;
  if (related.length === 0) return `${question}\nA: Nothing in my memories touches it yet; it is still open.`;
  const quotes = related.slice(0, 3).map((r) => `${firstSentence(r.text)} [m:${r.id}]`);
  return `${question}\nA: What I have on it: ${quotes.join('; ')}.`;
}

function firstSentence(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const end = flat.search(/[.!?](\s|$)/);
  const sentence = end > 0 ? flat.slice(0, end) : flat;
  return sentence.length > QUOTE_MAX ? `${sentence.slice(0, QUOTE_MAX - 1).trimEnd()}…` : sentence;
}
