import { citedIds } from '../llm/chat/memoryLines';
import { personaName } from '../llm/chat/personaPrompt';
import type { MemoryRecord } from '../memory/record';
import { agentMessages, fallBack } from './agentPrompt';
import { seededRandom } from './agentText';
import type { Agent, AgentContext } from './agentTypes';
import { dreamPool, pickDistant, offlineDream } from './dreamRecombination';
import { auditSince, distinctLearnings, isLearningSource, modelLearnings, offlineLearnings, rejectionLearnings } from './learningExtraction';
import { currentLearnings, LEARNINGS_TAG, learningsSection, learningsText, type Learning } from './learnings';
import { personaLocalTime } from './routineClock';
import { draftId, piecesOf, streamDraft, writeCiting } from './streamedRecord';

/**
 * The dreamer, run by the sleep service in the sleep window (or when asked), does two things:
 *
 * - A dream (`dream`, tag `dream`, `meta.imaginative`): a few memories far apart in time and
 *   topic recombined into a short dream, citing each. Retrieval down-weights dreams and the chat
 *   labels them, so they never pass for facts.
 * - Overnight learnings, once a night: preferences, heuristics, style notes and things to avoid
 *   from the day's memories (the person's words, what they corrected or marked wrong, the
 *   proposals they rejected), as one `reflection` tagged `overnight-learnings` with
 *   `meta.learnings`. The next day's chat and agent prompts follow the newest one the person
 *   has not marked wrong (`learnings.ts`).
 */
const DREAM_MEMORIES = 3;
const DAY_MS = 24 * 3_600_000;
const MAX_DAY_RECORDS = 400;
const PROMPT_DAY_RECORDS = 30;

type DreamerState = {
  /** The night (local date the evening belonged to) whose learnings were written. */
  learnedNight?: string;
  learnedAt?: string;
};

export const dreamerAgent: Agent = {
  id: 'dreamer',
  title: 'Dreamer',
  description: 'In the sleep window, recombines distant memories into a short dream (imaginative, never taken as fact) and distils the day into overnight learnings that the next day\'s prompts follow.',
  run: async (ctx) => {
    const dream = await writeDream(ctx);
    ctx.signal.throwIfAborted();
    const learned = await writeLearnings(ctx);
    const wrote = Boolean(dream.record) || Boolean(learned.record);
    return { outcome: wrote ? 'ok' : 'skipped', summary: `${dream.summary} ${learned.summary}` };
  },
};

interface Step {
  record?: MemoryRecord;
  summary: string;
}

async function writeDream(ctx: AgentContext): Promise<Step> {
  const random = seededRandom(`${ctx.runId}:dream`);
  ctx.emit({ type: 'progress', message: 'Choosing distant memories to dream about' });
  const picked = pickDistant(await dreamPool(ctx.store.memory.scan(), random), DREAM_MEMORIES, random);
  ctx.signal.throwIfAborted();
  if (picked.length < 2) return { summary: 'Too few memories to dream about yet.' };
  let draft = draftId(ctx, 'dream');
  let text: string | undefined;
  let fellBack = '';
  if (ctx.model) {
    try {
      text = await modelDream(ctx, picked, draft);
    } catch (error) {
      fellBack = `, ${fallBack(ctx, 'dreamer', error)}`;
      draft = draftId(ctx, 'dream', 1);
    }
  }
  const method = text ? 'model' : 'recombined';
  text ??= await streamDraft(ctx, 'dream', draft, piecesOf(offlineDream(picked, random)));
  const ids = picked.map((r) => r.id);
  const record = await writeCiting(
    ctx,
    draft,
    {
      kind: 'dream',
      text,
      source: 'agent:dreamer',
      tags: ['dream'],
      meta: { imaginative: true, method, ...(method === 'model' && ctx.model ? { model: ctx.model.label } : {}), recombined: ids },
    },
    // A dream cites every memory it recombined, whether or not the model named it.
    [...ids, ...citedIds(text).filter((id) => ids.includes(id))],
  );
  const span = picked.map((r) => r.ts.slice(0, 10)).sort();
  return { record, summary: `Dreamt of ${picked.length} distant memories (${span[0]} … ${span[span.length - 1]}; ${method}${fellBack}) (${record.id}).` };
}

async function modelDream(ctx: AgentContext, picked: MemoryRecord[], draft: string): Promise<string> {
  const name = personaName(ctx.persona);
  const task = [
    `You are ${name}, asleep and dreaming.`,
    'Recombine the distant memories below into one short, vivid, surreal dream told in the first person and the past tense, 60 to 140 words:',
    'mix their places, people and problems freely. It is imagination, not a record of fact. Cite each memory you drew on as [m:<id>].',
  ].join(' ');
  const messages = agentMessages(task, ctx.persona, picked, 'Tell the dream.', [learningsSection(await currentLearnings(ctx.search))]);
  const text = (await streamDraft(ctx, 'dream', draft, ctx.model!.stream('dreaming', messages, { maxTokens: 300, temperature: 1 }))).trim();
  if (!text) throw new Error('the model returned an empty dream');
  return text;
}

async function writeLearnings(ctx: AgentContext): Promise<Step> {
  const now = ctx.now();
  // The night belongs to the evening before: at 02:00 on the 4th it is the night of the 3rd.
  const night = personaLocalTime(ctx.persona.routines.timezone, new Date(now.getTime() - DAY_MS / 2), (m) => ctx.log('warn', m)).date;
  const state = ((await ctx.state.get()) ?? {}) as DreamerState;
  if (state.learnedNight === night || (await learnedTonight(ctx, night))) return { summary: `Overnight learnings for the night of ${night} are already written.` };

  const since = new Date(Math.max(now.getTime() - DAY_MS, state.learnedAt ? Date.parse(state.learnedAt) : 0));
  const day = (await ctx.search('', { k: MAX_DAY_RECORDS, since }))
    .filter((r) => r.ts <= now.toISOString() && isLearningSource(r))
    .sort((a, b) => a.ts.localeCompare(b.ts));
  const rejections = rejectionLearnings(auditSince(ctx, since, now), since.toISOString());
  ctx.signal.throwIfAborted();
  let learnings: Learning[] | undefined;
  let method: 'model' | 'heuristic' = 'heuristic';
  let fellBack = '';
  if (ctx.model && day.length > 0) {
    try {
      learnings = [...rejections, ...(await modelLearnings(ctx, day.slice(-PROMPT_DAY_RECORDS), rejections, [learningsSection(await currentLearnings(ctx.search))]))];
      method = 'model';
    } catch (error) {
      fellBack = `; ${fallBack(ctx, 'dreamer learnings', error)}`;
    }
  }
  learnings = distinctLearnings(learnings ?? [...rejections, ...offlineLearnings(day)]);
  const nextState: DreamerState = { learnedNight: night, learnedAt: now.toISOString() };
  if (learnings.length === 0) {
    await ctx.state.set(nextState);
    return { summary: `Nothing to learn from the ${day.length} memories of the day${fellBack}.` };
  }
  const record = await writeCiting(
    ctx,
    undefined,
    {
      kind: 'reflection',
      text: learningsText(night, learnings),
      source: 'agent:dreamer',
      tags: [LEARNINGS_TAG],
      meta: { learnings, night, procedural: true, method, since: since.toISOString() },
    },
    learnings.flatMap((l) => l.cites),
  );
  await ctx.state.set(nextState);
  return { record, summary: `${learnings.length} overnight learning${learnings.length === 1 ? '' : 's'} for the night of ${night} (${method}${fellBack}) (${record.id}).` };
}

/** A learnings record for this night already in the store (written by another window, or state lost). */
async function learnedTonight(ctx: AgentContext, night: string): Promise<boolean> {
  return (await ctx.search('', { k: 40, kinds: ['reflection'] })).some((r) => r.tags.includes(LEARNINGS_TAG) && r.meta.night === night);
}
