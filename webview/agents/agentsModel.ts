import type { AgentActivityNotification, AgentInfo, AgentRunView, AgentsStatus } from '../../src/protocol/agentsProtocol';
import { WRITTEN_RECORDS_SHOWN, type WrittenRecordPreviews } from '../../src/protocol/agentsViewProtocol';
import type { ParamsOf } from '../../src/protocol/messageTypes';
import { formatDuration, relativeTime } from '../shared/relativeTime';
import { describeCron } from './cronWords';

export type AgentActivity = ParamsOf<typeof AgentActivityNotification>;
type AgentId = AgentInfo['id'];

/** Where the schedules run, from the scheduler's state. */
export interface SchedulingState {
  paused: boolean;
  /** One sentence for the header. */
  label: string;
}

export function schedulingState(status: AgentsStatus): SchedulingState {
  // Engines that predate the `paused` field: a leader that does not schedule is paused or turned off.
  const paused = status.paused ?? (status.leader && !status.scheduling);
  if (paused) return { paused, label: 'Scheduled agents are paused in every window until you resume them. Run now still works.' };
  if (status.scheduling) return { paused, label: 'This window runs the schedules.' };
  if (!status.leader) return { paused, label: 'Another window or mh runs the schedules.' };
  return { paused, label: 'Schedules are off (setting metahuman.agents.enabled). Run now still works.' };
}

/** The model-call budget: "3 of 30 model calls in the last hour", and whether it is spent. */
export function budgetText(status: AgentsStatus): { text: string; spent: boolean } {
  if (status.modelCallsPerHour <= 0) return { text: 'Agents make no model calls (limit: 0 per hour); they use their offline methods.', spent: true };
  const spent = status.modelCallsLastHour >= status.modelCallsPerHour;
  const text = `${status.modelCallsLastHour} of ${status.modelCallsPerHour} model calls in the last hour`;
  return { text: spent ? `${text}: limit reached, agents use their offline methods until the hour turns` : text, spent };
}

/** The schedule in words, or how the agent starts when it has none. */
export function scheduleText(agent: AgentInfo): string {
  return agent.schedule ? describeCron(agent.schedule) : 'when triggered or asked';
}

/** When the next scheduled check comes, or why none is known here. */
export function nextRunText(agent: AgentInfo, status: AgentsStatus, now: Date): string {
  if (agent.nextRun) return relativeTime(agent.nextRun, now);
  if (!agent.schedule) return 'on its triggers';
  const { paused } = schedulingState(status);
  if (paused) return 'paused';
  if (!status.leader) return 'in the window that runs the schedules';
  return 'not scheduled';
}

const OUTCOME_LABELS: Record<AgentRunView['outcome'], string> = {
  running: 'Running',
  ok: 'Succeeded',
  skipped: 'Skipped',
  error: 'Failed',
  cancelled: 'Cancelled',
  interrupted: 'Interrupted',
};

export function outcomeLabel(outcome: AgentRunView['outcome']): string {
  return OUTCOME_LABELS[outcome];
}

const TRIGGER_LABELS: Record<string, string> = {
  schedule: 'on schedule',
  manual: 'run by you',
  idle: 'when you were idle',
  'session-end': 'after a coding session',
  inbox: 'for a new inbox file',
  'sleep-window': 'in the sleep window',
  agent: 'by another agent',
};

export function triggerLabel(trigger: string): string {
  return TRIGGER_LABELS[trigger] ?? trigger;
}

/** The facts of a run after its outcome: when, how long, model calls, records written. */
export function runFacts(run: AgentRunView, now: Date): string[] {
  const facts = [run.outcome === 'running' ? `started ${relativeTime(run.start, now)}` : relativeTime(run.end ?? run.start, now)];
  if (run.end) facts.push(`took ${formatDuration(Date.parse(run.end) - Date.parse(run.start))}`);
  facts.push(plural(run.modelCalls, 'model call'), `${plural(run.recordsWritten, 'record')} written`);
  return facts;
}

export interface WrittenRecord {
  id: string;
  /** What the button says: the record's kind and the start of its text, or its id when unknown here. */
  label: string;
  /** False when the record is not in the memory any more (forgotten): listed, not openable. */
  known: boolean;
}

/** The records a run wrote: the first few by name, in the order written, and how many more. */
export function writtenRecords(run: AgentRunView, previews: WrittenRecordPreviews = {}, limit = WRITTEN_RECORDS_SHOWN): { shown: WrittenRecord[]; more: number } {
  const shown = run.ids.slice(0, limit).map((id): WrittenRecord => {
    const preview = previews[id];
    return preview ? { id, label: `${preview.kind}: ${preview.preview}`, known: true } : { id, label: id, known: false };
  });
  return { shown, more: Math.max(run.recordsWritten, run.ids.length) - shown.length };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** One line of a run's live output. */
export type LiveLine =
  | { type: 'progress'; message: string; fraction?: number }
  /** Text of a record being written, as it streams. */
  | { type: 'draft'; draft: string; kind: string; text: string }
  /** A record written, with the memories it cites. */
  | { type: 'record'; id: string; kind: string; text: string; cites: string[] };

/** The live output of one run. */
export interface LiveRun {
  runId: string;
  agent: AgentId;
  lines: LiveLine[];
  /** `ended` when its end was missed (view hidden) and the scheduler says it no longer runs. */
  state: 'running' | 'done' | 'ended';
  run?: AgentRunView;
}

/** How much live output the view keeps: the newest runs, the newest lines of each. */
export const LIVE_LIMITS = { runs: 5, lines: 200 };

/**
 * Folds one activity event into the live output (newest run first; new arrays, so Lit sees the
 * change). Streamed text joins the draft it belongs to; the written record replaces its draft.
 */
export function applyActivity(runs: readonly LiveRun[], activity: AgentActivity): LiveRun[] {
  const index = runs.findIndex((r) => r.runId === activity.runId);
  const current: LiveRun = index >= 0 ? runs[index] : { runId: activity.runId, agent: activity.agent, lines: [], state: 'running' };
  const next = applyEvent(current, activity.event);
  return index >= 0 ? replaceAt(runs, index, next) : [next, ...runs].slice(0, LIVE_LIMITS.runs);
}

function applyEvent(run: LiveRun, event: AgentActivity['event']): LiveRun {
  switch (event.type) {
    case 'done':
      return { ...run, state: 'done', run: event.run };
    case 'progress':
      return withLines(run, [...run.lines, { type: 'progress', message: event.message, ...(event.fraction !== undefined ? { fraction: event.fraction } : {}) }]);
    case 'text': {
      const at = run.lines.findIndex((l) => l.type === 'draft' && l.draft === event.draft);
      const existing = run.lines[at];
      if (existing?.type === 'draft') return withLines(run, replaceAt(run.lines, at, { ...existing, text: existing.text + event.text }));
      return withLines(run, [...run.lines, { type: 'draft', draft: event.draft, kind: event.kind, text: event.text }]);
    }
    case 'record': {
      const written: LiveLine = { type: 'record', id: event.id, kind: event.kind, text: event.text, cites: event.cites };
      const at = event.draft === undefined ? -1 : run.lines.findIndex((l) => l.type === 'draft' && l.draft === event.draft);
      return withLines(run, at >= 0 ? replaceAt(run.lines, at, written) : [...run.lines, written]);
    }
  }
}

/** Any event but the end means the run is going on (also after a status said otherwise). */
function withLines(run: LiveRun, lines: LiveLine[]): LiveRun {
  return { ...run, state: run.state === 'done' ? 'done' : 'running', lines: lines.slice(-LIVE_LIMITS.lines) };
}

function replaceAt<T>(items: readonly T[], index: number, item: T): T[] {
  return items.map((x, i) => (i === index ? item : x));
}

/**
 * Runs whose end the view missed (it was hidden; the host sends only a snapshot then) are closed
 * when the scheduler's state says their agent is not running, so no card shows "running" forever.
 */
export function reconcileLive(runs: readonly LiveRun[], status: AgentsStatus): LiveRun[] {
  const running = new Set(status.agents.filter((a) => a.running).map((a) => a.id));
  return runs.map((r) => {
    if (r.state !== 'running' || running.has(r.agent)) return r;
    const recorded = status.recentRuns.find((run) => run.runId === r.runId) ?? status.agents.find((a) => a.lastRun?.runId === r.runId)?.lastRun;
    return recorded && recorded.outcome !== 'running' ? { ...r, state: 'done', run: recorded } : { ...r, state: 'ended' };
  });
}

/** Agents running, per the scheduler's state or their live output. */
export function runningAgents(status: AgentsStatus | undefined, runs: readonly LiveRun[]): Set<AgentId> {
  const ids = new Set<AgentId>(status?.agents.filter((a) => a.running).map((a) => a.id) ?? []);
  for (const run of runs) if (run.state === 'running') ids.add(run.agent);
  return ids;
}

/** Whether text is still streaming into the live output (screen readers then wait for the end). */
export function isStreaming(runs: readonly LiveRun[]): boolean {
  return runs.some((r) => r.state === 'running' && r.lines.some((l) => l.type === 'draft'));
}
