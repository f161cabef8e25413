import { describeIndexCompaction } from '../index/indexCompaction';
import type { Agent, AgentContext, AgentResult } from './agentTypes';
import { consolidate } from './consolidation';
import { inboxFolder } from './ingestor';
import { backupFolder, backupProfile } from './profileBackup';
import { describeWindow, personaLocalTime, windowStartDate } from './routineClock';
import type { DecayMemory } from './triviaDecay';

/**
 * The sleep service (DESIGN.md, "Agents"): once a night, inside the persona's sleep window, it
 * runs in order the dreamer, consolidation (duplicates merged with links, stale trivia faded),
 * compaction (forgotten memories erased from the log, then the index compacted where this
 * process owns it) and a profile backup. Each step is reported as it starts and in the
 * run's summary; cancelling stops it between steps (and inside the long ones).
 *
 * Its schedule ticks twice an hour; a tick outside the window, or in a night it already ran, is
 * skipped, so a window of 30 minutes or more gets exactly one run. The night is counted when the
 * run starts, so a failing step is not retried every half hour (the dreamer would dream again).
 * Asked by the person, it runs at once, whatever the hour.
 *
 * A step that fails is reported and the next one still runs: dreams are extra, so a dreamer
 * failure leaves the run `ok`; a failed consolidation or backup ends it in error, naming why.
 */
// A type, not an interface: the state slot takes a plain record.
type SleepState = {
  /** The night (local date the window started) of the last scheduled run. */
  night?: string;
  decayed?: DecayMemory;
};

interface StepReport {
  name: string;
  line: string;
  failed?: 'minor' | 'major';
}

const STEPS = ['dreams', 'consolidation', 'index', 'backup'] as const;

export const sleepAgent: Agent = {
  id: 'sleep',
  title: 'Sleep',
  description: 'Once a night in the sleep window: dreams, merges duplicate memories with links, lets stale trivia fade, erases forgotten memories from the log, compacts the index and backs up the profile.',
  schedule: '5,35 * * * *',
  run: runSleep,
};

async function runSleep(ctx: AgentContext): Promise<AgentResult> {
  const window = ctx.persona.routines.sleepWindow;
  const local = personaLocalTime(ctx.persona.routines.timezone, ctx.now(), (m) => ctx.log('warn', m));
  const night = windowStartDate(local, window);
  const state = ((await ctx.state.get()) ?? {}) as SleepState;
  if (ctx.trigger !== 'manual') {
    if (!night) return { outcome: 'skipped', summary: `Outside the sleep window (${describeWindow(window)}); sleeps then.` };
    if (state.night === night) return { outcome: 'skipped', summary: `Already slept this night (window ${describeWindow(window)} of ${night}).` };
  }
  let saved: SleepState = night ? { ...state, night } : state;
  if (night) await ctx.state.set(saved);

  const reported = new Set<string>();
  const wrote = (id: string) => {
    if (reported.has(id)) return;
    reported.add(id);
    ctx.wrote(id);
  };
  const reports: StepReport[] = [];
  const step = async (index: number, message: string, work: () => Promise<StepReport>) => {
    ctx.signal.throwIfAborted();
    ctx.emit({ type: 'progress', message: `Step ${index + 1} of ${STEPS.length}: ${message}`, fraction: index / STEPS.length });
    let report: StepReport;
    try {
      report = await work();
    } catch (error) {
      if (ctx.signal.aborted) throw error;
      const failed = STEPS[index] === 'dreams' ? 'minor' : 'major';
      report = { name: STEPS[index], line: `failed: ${messageOf(error)}`, failed };
      ctx.log(failed === 'major' ? 'error' : 'warn', `${STEPS[index]} failed: ${messageOf(error)}`);
    }
    reports.push(report);
    ctx.emit({ type: 'progress', message: `${report.name}: ${report.line}`, fraction: (index + 1) / STEPS.length });
  };

  await step(0, 'dreaming', () => dream(ctx));
  await step(1, 'consolidating memories', async () => {
    const result = await consolidate(ctx, state.decayed ?? {}, wrote);
    saved = { ...saved, decayed: result.decayMemory };
    await ctx.state.set(saved);
    const merges = result.merged ? `${result.merged} duplicate${plural(result.merged)} linked to ${result.groups} canonical memor${result.groups === 1 ? 'y' : 'ies'}` : 'no duplicates';
    return { name: 'consolidation', line: `${merges}, ${result.decayed} stale trivia lowered one step` };
  });
  await step(2, 'compacting the index', () => compact(ctx));
  await step(3, 'backing up the profile', async () => {
    const keep = ctx.settings.agentsBackupCount;
    if (keep < 1) return { name: 'backup', line: 'skipped (metahuman.agents.backupCount is 0)' };
    const report = await backupProfile(ctx.store, {
      root: backupFolder(ctx.store.dir, ctx.settings.agentsBackupPath),
      keep,
      now: ctx.now(),
      inbox: inboxFolder(ctx.settings, ctx.store.dir),
    });
    const removed = report.removed.length ? `, ${report.removed.length} older removed` : '';
    return { name: 'backup', line: `${report.files} files to ${report.folder}${removed}` };
  });

  const summary = `Slept${night ? ` (night of ${night})` : ''}: ${reports.map((r) => `${r.name} — ${r.line}`).join('; ')}.`;
  if (reports.some((r) => r.failed === 'major')) throw new Error(summary);
  return { outcome: 'ok', summary };
}

/**
 * The memory log first (forgotten records' text leaves the disk; under the profile lock, like
 * `mh memory compact`, so other windows' appends wait), then the index, which the engine compacts
 * only where it owns the shared one (`compactIndex` answers with what it did, or a reason it did not).
 */
async function compact(ctx: AgentContext): Promise<StepReport> {
  const log = await ctx.store.compact();
  const removed = log.removedLines + log.removedQuarantined;
  const logLine = removed
    ? `${removed} line${plural(removed)} of forgotten memories erased from ${log.files.length} log file${plural(log.files.length)}`
    : 'no forgotten memories left in the log';
  ctx.signal.throwIfAborted();
  if (!ctx.compactIndex) return { name: 'index', line: `${logLine}; index skipped (no index in this process)` };
  const result = await ctx.compactIndex();
  if (typeof result === 'string') return { name: 'index', line: `${logLine}; index skipped (${result})` };
  return { name: 'index', line: `${logLine}; ${describeIndexCompaction(result)}` };
}

async function dream(ctx: AgentContext): Promise<StepReport> {
  const run = await ctx.runAgent('dreamer');
  ctx.signal.throwIfAborted();
  switch (run.outcome) {
    case 'error':
      return { name: 'dreams', line: `failed: ${run.error ?? 'no reason given'}`, failed: 'minor' };
    case 'ok':
      return { name: 'dreams', line: run.summary ?? 'done' };
    default:
      return { name: 'dreams', line: `${run.outcome}${run.summary ? ` (${run.summary})` : ''}` };
  }
}

function plural(n: number): string {
  return n === 1 ? '' : 's';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
