import type { Agent, AgentContext, AgentResult } from './agentTypes';
import { BOREDOM_IDLE_MINUTES } from './idleTrigger';
import { openTopics, writeDialogueTurn, type OpenTopic } from './innerDialogue';
import { describeWindow, inWindow, personaLocalTime } from './routineClock';

/**
 * The boredom service (DESIGN.md, "Agents"): when every editor has been idle long enough, the twin
 * thinks on its own — a reflection, or an inner-dialogue turn on an open goal, task or question
 * (one the person asked in a note or chat that no turn has been about yet), taking turns. Idleness comes from the activity clock (real editor activity in any window), never from
 * a guess: with no activity on record it does nothing. Never in quiet hours, at most once per
 * idle stretch and `agents.boredomMaxPerDay` times a (local) day.
 *
 * It has no cron schedule: the engine's idle check (idleTrigger.ts) wakes it once per idle stretch
 * that reaches the level's threshold. A schedule every minute would run it beside that trigger and
 * fill the run history with runs that did nothing.
 */

interface BoredomState {
  /** Local date of `count`. */
  day?: string;
  count?: number;
  /** The last-activity time of the idle stretch it last thought in. */
  stretch?: string;
  lastMode?: 'reflection' | 'dialogue';
  /** When each open topic was last the subject of a dialogue turn. */
  discussed?: Record<string, string>;
}

export const boredomAgent: Agent = {
  id: 'boredom',
  title: 'Boredom',
  description: 'When the editors have been idle for a while, thinks on its own: a reflection, or an inner-dialogue turn on an open goal, task or question.',
  async run(ctx) {
    const manual = ctx.trigger === 'manual';
    const level = ctx.settings.agentsBoredom;
    const idleMinutes = BOREDOM_IDLE_MINUTES[level];
    if (!idleMinutes && !manual) return skipped('Boredom is off (setting metahuman.agents.boredom).');
    const now = ctx.now();
    const local = personaLocalTime(ctx.persona.routines.timezone, now, (m) => ctx.log('warn', m));
    const state = ((await ctx.state.get()) ?? {}) as BoredomState;
    const last = await ctx.activity.lastActivity();
    const stretch = last?.toISOString();
    if (!manual) {
      if (!last) return skipped('No editor activity on record yet: boredom waits for real idleness.');
      const idleMs = now.getTime() - last.getTime();
      if (idleMs < idleMinutes! * 60_000) {
        return skipped(`The editor was active ${Math.max(0, Math.floor(idleMs / 60_000))} min ago; boredom (${level}) starts after ${idleMinutes} idle minutes.`);
      }
      const quiet = ctx.persona.routines.quietHours.find((w) => inWindow(local.minutes, w));
      if (quiet) return skipped(`Quiet hours (${describeWindow(quiet)}): no idle thoughts now.`);
      if (state.stretch === stretch) return skipped('Already thought once in this idle stretch; waits for the next one.');
      const max = ctx.settings.agentsBoredomMaxPerDay;
      if ((state.day === local.date ? (state.count ?? 0) : 0) >= max) {
        return skipped(`Today's ${max} idle thought${max === 1 ? '' : 's'} are done (setting metahuman.agents.boredomMaxPerDay).`);
      }
    }
    const topics = await openTopics(ctx);
    const mode = topics.length > 0 && state.lastMode !== 'dialogue' ? 'dialogue' : 'reflection';
    // Counted before the work: a failing reflector must not be retried every minute of the same stretch.
    const next: BoredomState = { ...state };
    if (!manual) {
      next.day = local.date;
      next.count = (state.day === local.date ? (state.count ?? 0) : 0) + 1;
      next.stretch = stretch;
    }
    next.lastMode = mode;
    next.discussed = stillOpen(state.discussed, topics);
    await ctx.state.set({ ...next });
    ctx.signal.throwIfAborted();
    const idle = last && !manual ? `Idle ${Math.floor((now.getTime() - last.getTime()) / 60_000)} min: ` : '';
    if (mode === 'reflection') {
      const run = await ctx.runAgent('reflector');
      if (run.outcome === 'error') throw new Error(`The reflector failed: ${run.error ?? 'no reason given'}`);
      ctx.signal.throwIfAborted();
      if (run.outcome !== 'skipped' || topics.length === 0) return { outcome: run.outcome === 'ok' ? 'ok' : 'skipped', summary: `${idle}reflection — ${run.summary ?? run.outcome}` };
      // Nothing new to reflect on: think about an open topic instead.
      ctx.log('info', `The reflector had nothing to do (${run.summary ?? 'skipped'}); an inner-dialogue turn instead.`);
    }
    return dialogue(ctx, next, pickTopic(topics, next.discussed ?? {}), idle);
  },
};

async function dialogue(ctx: AgentContext, state: BoredomState, topic: OpenTopic, idle: string): Promise<AgentResult> {
  ctx.emit({ type: 'progress', message: `Thinking about the open ${topic.type} "${topic.text}"` });
  const record = await writeDialogueTurn(ctx, topic, 'agent:boredom');
  await ctx.state.set({ ...state, lastMode: 'dialogue', discussed: { ...state.discussed, [topic.key]: record.ts } });
  return { outcome: 'ok', summary: `${idle}inner dialogue on the ${topic.type} "${topic.text}" (${record.id})` };
}

/** When each topic still open was last discussed: closed goals and tasks and answered questions are dropped, so the state stays small. */
function stillOpen(discussed: Record<string, string> | undefined, topics: OpenTopic[]): Record<string, string> {
  const open = new Set(topics.map((t) => t.key));
  return Object.fromEntries(Object.entries(discussed ?? {}).filter(([key]) => open.has(key)));
}

/** The topic thought about least recently; never-discussed ones first, in their listed order. */
function pickTopic(topics: OpenTopic[], discussed: Record<string, string>): OpenTopic {
  return [...topics].sort((a, b) => (discussed[a.key] ?? '').localeCompare(discussed[b.key] ?? ''))[0];
}

function skipped(summary: string): AgentResult {
  return { outcome: 'skipped', summary };
}
