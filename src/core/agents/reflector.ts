import { citedIds } from '../llm/chat/memoryLines';
import { personaName } from '../llm/chat/personaPrompt';
import type { MemoryRecord } from '../memory/record';
import { agentMessages, fallBack } from './agentPrompt';
import { isAgentThought, isCaptureTrivia, isPersonStatement, isTwinAnswer } from './agentText';
import type { Agent, AgentContext, AgentResult } from './agentTypes';
import { proposeCommitments, type CommitmentProposals } from './commitmentProposals';
import { currentLearnings, isLearningsRecord, learningsSection } from './learnings';
import { extractiveReflection } from './reflectionText';
import { draftId, piecesOf, streamDraft, writeCiting } from './streamedRecord';

/**
 * The reflector writes a reflection (`reflection`, source `agent:reflector`) in the persona's
 * voice on the memories that came after its last one, citing the memories it drew on. On its
 * schedule it waits for `agents.reflectEveryHours` hours of activity: the 15-minute slots in
 * which something was recorded, so a night or a weekend away does not count. Asked (by the
 * person, or by the boredom service) it reflects on whatever is new. Its own and the other
 * agents' thoughts, the twin's answers and dreams are never evidence.
 *
 * Where the last reflection ended is read from the newest reflection's `meta.until` (the store
 * is the truth, whichever window wrote it), with the agent's state as a second opinion.
 *
 * When the memories hold a commitment the person wrote ("TODO: …", "remind me to …") that is not
 * an open task yet, it proposes a `task` through the decision engine (at most 3 a run), quoting
 * and citing the memory; the person approves it or not.
 */
const SLOT_MS = 15 * 60_000;
/** The newest memories one reflection looks at; more than a few hours' worth of captured events. */
const MAX_EVIDENCE = 400;
const PROMPT_MEMORIES = 14;
/** Before the first reflection: the last day. */
const FIRST_WINDOW_MS = 24 * 3_600_000;

/** `proposed`: normalized titles of the tasks it proposed, so a commitment is proposed once. */
type ReflectorState = { until?: string; proposed?: string[] };

export const reflectorAgent: Agent = {
  id: 'reflector',
  title: 'Reflector',
  description: 'After a few hours of activity (setting metahuman.agents.reflectEveryHours), writes a reflection in your voice on what happened since the last one, citing the memories it drew on.',
  schedule: '*/15 * * * *',
  run: runReflector,
};

/** What a reflection may draw on: what happened and what the person said, not thoughts, answers or dreams. */
export function isReflectionEvidence(record: MemoryRecord): boolean {
  return !isAgentThought(record) && !isTwinAnswer(record) && record.kind !== 'dream' && record.kind !== 'task' && record.validated !== false;
}

async function runReflector(ctx: AgentContext): Promise<AgentResult> {
  const now = ctx.now();
  const until = await lastReflectedUntil(ctx);
  const since = until ?? new Date(now.getTime() - FIRST_WINDOW_MS).toISOString();
  const evidence = (await ctx.search('', { k: MAX_EVIDENCE, since: new Date(since) }))
    .filter((r) => (until ? r.ts > until : r.ts >= since) && r.ts <= now.toISOString() && isReflectionEvidence(r))
    .sort((a, b) => a.ts.localeCompare(b.ts) || a.id.localeCompare(b.id));
  ctx.signal.throwIfAborted();
  if (evidence.length === 0) return { outcome: 'skipped', summary: `Nothing new to reflect on since ${until ? when(until) : 'the last day began'}.` };
  if (ctx.trigger === 'schedule') {
    const hours = activeHours(evidence);
    const needed = ctx.settings.agentsReflectEveryHours;
    if (hours < needed) {
      return { outcome: 'skipped', summary: `${hours.toFixed(2)} h of activity since the last reflection; the next one comes after ${needed} h (setting metahuman.agents.reflectEveryHours).` };
    }
  }

  ctx.emit({ type: 'progress', message: `Reflecting on ${evidence.length} memories since ${when(since)}` });
  const openTasks = (await ctx.store.tasks.list({ status: 'active' })).map((t) => t.title);
  const newest = evidence[evidence.length - 1].ts;
  let draft = draftId(ctx, 'reflection');
  let written: { text: string; cites: string[]; method: 'model' | 'extractive' } | undefined;
  let fellBack: string | undefined;
  if (ctx.model) {
    try {
      written = { ...(await modelReflection(ctx, evidence, openTasks, until, draft)), method: 'model' };
    } catch (error) {
      fellBack = fallBack(ctx, 'reflector', error);
      // What streamed before the failure is not the reflection: the offline one is a new draft.
      draft = draftId(ctx, 'reflection', 1);
    }
  }
  if (!written) {
    const offline = extractiveReflection(evidence, openTasks, until);
    await streamDraft(ctx, 'reflection', draft, piecesOf(offline.text));
    written = { ...offline, method: 'extractive' };
  }
  ctx.signal.throwIfAborted();
  const record = await writeCiting(
    ctx,
    draft,
    {
      kind: 'reflection',
      text: written.text,
      source: 'agent:reflector',
      tags: ['reflection'],
      meta: { method: written.method, ...(written.method === 'model' && ctx.model ? { model: ctx.model.label } : {}), since, until: newest, memories: evidence.length, trigger: ctx.trigger },
    },
    written.cites,
  );
  const previous = ((await ctx.state.get()) ?? {}) as ReflectorState;
  const proposals = await proposeCommitments(ctx, evidence, openTasks, Array.isArray(previous.proposed) ? previous.proposed : []);
  await ctx.state.set({ until: newest, ...(proposals.remembered.length ? { proposed: proposals.remembered } : {}) } satisfies ReflectorState);
  const how = written.method === 'model' ? 'written by the model' : `extractive${fellBack ? `, ${fellBack}` : ''}`;
  return { outcome: 'ok', summary: `Reflected on ${evidence.length} memories since ${when(since)} (${how}), citing ${new Set(written.cites).size} (${record.id})${proposalsSummary(ctx, proposals)}.` };
}

/** The summary's note on the tasks proposed; nothing when none were (or no decision engine is wired). */
function proposalsSummary(ctx: AgentContext, proposals: CommitmentProposals): string {
  if (!ctx.propose) return '';
  const n = proposals.ids.length;
  if (n === 0) return '; proposed no tasks';
  const list = proposals.ids.map((id) => `${id} ${proposals.statuses[id]}`).join(', ');
  return `; proposed ${n} task${n === 1 ? '' : 's'} from commitments you wrote (${list})`;
}

/** The end of the last reflection's window: the newest reflector reflection's `meta.until`, or the state's, whichever is later. */
async function lastReflectedUntil(ctx: AgentContext): Promise<string | undefined> {
  const reflections = (await ctx.search('', { k: 40, kinds: ['reflection'] })).filter((r) => r.source === 'agent:reflector' && !isLearningsRecord(r));
  const fromStore = reflections.map((r) => (typeof r.meta.until === 'string' ? r.meta.until : r.ts)).sort().pop();
  const state = ((await ctx.state.get()) ?? {}) as ReflectorState;
  const fromState = typeof state.until === 'string' ? state.until : undefined;
  return [fromStore, fromState].filter((x): x is string => x !== undefined).sort().pop();
}

/** Hours in which something was recorded, counted in 15-minute slots. */
export function activeHours(records: readonly MemoryRecord[]): number {
  const slots = new Set(records.map((r) => Math.floor(Date.parse(r.ts) / SLOT_MS)));
  return (slots.size * SLOT_MS) / 3_600_000;
}

/** The memories the model is shown: the person's words and the weightiest moments first, captured trivia last. */
export function promptMemories(evidence: readonly MemoryRecord[], max = PROMPT_MEMORIES): MemoryRecord[] {
  return evidence
    .map((r, i) => ({ r, weight: (isCaptureTrivia(r) ? 0 : 10) + (r.importance ?? 5) + (isPersonStatement(r) ? 2 : 0) + i / evidence.length }))
    .sort((a, b) => b.weight - a.weight)
    .slice(0, max)
    .map((x) => x.r)
    .sort((a, b) => a.ts.localeCompare(b.ts));
}

async function modelReflection(ctx: AgentContext, evidence: MemoryRecord[], openTasks: string[], until: string | undefined, draft: string): Promise<{ text: string; cites: string[] }> {
  const name = personaName(ctx.persona);
  const shown = promptMemories(evidence);
  const task = [
    `You are ${name}, writing a short private reflection in your own voice, in the first person, on what happened ${until ? `since your last reflection (${when(until)})` : 'over the last day'}.`,
    'Notice what you worked on, what you finished, what is still open, patterns and how it went. 100 to 220 words, plain prose.',
    'Draw only on the memories below and cite each one you use as [m:<id>]. Do not invent facts.',
  ].join(' ');
  const extra = [learningsSection(await currentLearnings(ctx.search)), openTasks.length ? `## Open tasks\n${openTasks.map((t) => `- ${t}`).join('\n')}` : ''];
  const messages = agentMessages(task, ctx.persona, shown, `Write the reflection on these ${evidence.length} memories (the ${shown.length} most telling are listed).`, extra);
  const text = (await streamDraft(ctx, 'reflection', draft, ctx.model!.stream('reflection', messages, { maxTokens: 450, temperature: 0.6 }))).trim();
  if (!text) throw new Error('the model returned an empty reflection');
  const known = new Set(shown.map((r) => r.id));
  const cited = citedIds(text).filter((id) => known.has(id));
  // A reflection that cites nothing still drew on what it was shown.
  return { text, cites: cited.length ? cited : [...known] };
}

function when(ts: string): string {
  return `${ts.slice(0, 10)} ${ts.slice(11, 16)} UTC`;
}
