import { monotonicFactory } from 'ulid';
import { schedule, validate, type Logger as CronLogger, type ScheduledTask } from 'node-cron';
import type { IndexCompaction } from '../index/indexCompaction';
import type { ProfileStore } from '../profile/profileStore';
import type { SettingsSnapshot } from '../settings/settingsTable';
import { ModelBudget } from './agentModel';
import { readAgentsPaused, writeAgentsPaused } from './agentPause';
import { executeAgentRun, type AgentProposer, type AgentProviderSource, type AgentRunEnvironment, type AgentRunEvent, type RunRequest } from './agentRun';
import type { ActivityClock, Agent, AgentId, AgentRunRecord, AgentSearch, AgentTrigger } from './agentTypes';
import { watchInbox, type InboxWatch } from './inboxWatch';
import { claimPlace, holdClaim, RunClaims, THIS_HOST, type RunClaim } from './runClaims';
import { RunRecords } from './runRecords';

export interface AgentSchedulerOptions {
  agents: readonly Agent[];
  store: ProfileStore;
  settings: SettingsSnapshot;
  /** The model provider of agent runs; the engine passes its own so the host's `vscodeLm` works. */
  provider: AgentProviderSource;
  search: AgentSearch;
  activity: ActivityClock;
  compactIndex?: () => Promise<IndexCompaction | string>;
  /** The decision engine's `propose`, for `ctx.propose`; without it agents cannot propose actions. */
  propose?: AgentProposer;
  /** Watched while this scheduler leads: a new file triggers the ingestor. */
  inboxDir?: string;
  /** Every run's events (start, output, done), whoever started it. */
  onEvent?: (agent: AgentId, runId: string, event: AgentRunEvent) => void;
  /** After a run that wrote records (the engine makes them searchable). */
  afterRun?: (run: AgentRunRecord) => Promise<void>;
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
  /** Who pauses and resumes, for the pause file (`vscode`, `cli`…). */
  actor?: string;
  now?: () => Date;
  /** How often runs in progress look for a pause made by another window (default 5 s). */
  pausePollMs?: number;
  inboxDebounceMs?: number;
  /** How often a run refreshes its claim on the agent (default 5 s; taken over after 6 missed). */
  claimHeartbeatMs?: number;
  /** How often a run someone asked for looks whether the agent's run in another process has ended (default 1 s). */
  claimPollMs?: number;
}

export interface AgentStatusView {
  id: AgentId;
  title: string;
  description: string;
  schedule?: string;
  nextRun?: string;
  lastRun?: AgentRunRecord;
  running: boolean;
}

export interface SchedulerStatus {
  agents: AgentStatusView[];
  leader: boolean;
  /** Enabled, leading and not paused: this scheduler runs the schedules. */
  scheduling: boolean;
  paused: boolean;
  modelCallsLastHour: number;
  modelCallsPerHour: number;
  /** Newest first. */
  recentRuns: AgentRunRecord[];
}

interface ActiveRun {
  runId: string;
  agent: AgentId;
  /** Manual runs (and what they run) go on through a pause. */
  manual: boolean;
  controller: AbortController;
  listeners: Set<(event: AgentRunEvent) => void>;
  /** Another agent this run waits for (`ctx.runAgent`), to refuse waits in a circle. */
  waitingOn?: AgentId;
  done: Promise<AgentRunRecord>;
}

const nextRunId = monotonicFactory();

/**
 * Runs the agents of one profile. Only the profile's leader runs cron schedules and event triggers
 * (idle, session end, inbox); any process may run an agent now (`runNow`). One run at a time per
 * agent: in this process a trigger that arrives while the agent runs is coalesced into at most one
 * run after it (a cron tick is dropped: the next one comes anyway); across processes each run
 * claims its agent in the profile (`runClaims.ts`). Runs of different agents may overlap; they
 * share the hour's model-call budget with every process of the profile. The pause lives in the
 * profile, so every window and `mh` agree.
 */
export class AgentScheduler {
  private readonly agents = new Map<AgentId, Agent>();
  private readonly active = new Map<AgentId, ActiveRun>();
  private readonly pending = new Map<AgentId, AgentTrigger>();
  private readonly tasks = new Map<AgentId, ScheduledTask>();
  private readonly records: RunRecords;
  private readonly claims: RunClaims;
  /** Runs of this scheduler: the budget counts their calls itself, not from the records. */
  private readonly ownRuns = new Set<string>();
  private readonly budget: ModelBudget;
  private readonly env: AgentRunEnvironment;
  private readonly now: () => Date;
  private inbox?: InboxWatch;
  private leadershipWatch?: { dispose(): void };
  private pausePoll?: NodeJS.Timeout;
  private schedulesOn = false;
  private started = false;
  private closed = false;

  constructor(private readonly options: AgentSchedulerOptions) {
    for (const agent of options.agents) this.agents.set(agent.id, agent);
    const { store, settings } = options;
    this.now = options.now ?? (() => new Date());
    this.records = new RunRecords(store.files, store.lock);
    const heartbeatMs = options.claimHeartbeatMs;
    this.claims = new RunClaims(store.files, store.lock, heartbeatMs ? { leaseMs: heartbeatMs * 6 } : {});
    this.budget = new ModelBudget(
      () => settings.agentsModelCallsPerHour,
      () => this.now().getTime(),
      (since) => this.callsElsewhere(since),
    );
    this.env = {
      store,
      records: this.records,
      settings,
      budget: this.budget,
      provider: options.provider,
      search: options.search,
      activity: options.activity,
      ...(options.compactIndex ? { compactIndex: options.compactIndex } : {}),
      ...(options.propose ? { propose: options.propose } : {}),
      now: this.now,
      log: (level, message) => this.log(level, message),
    };
  }

  /**
   * Competes for leadership and, while leading, runs the schedules. Nothing is scheduled when
   * `metahuman.agents.enabled` is off; manual runs work either way.
   */
  async start(): Promise<void> {
    if (this.started || this.closed) return;
    this.started = true;
    if (!this.options.settings.agentsEnabled) {
      this.log('info', 'Background agents are off (metahuman.agents.enabled); they run only when asked.');
      return;
    }
    const leadership = this.options.store.leadership;
    this.leadershipWatch = leadership.onLeadershipChange((leading) => (leading ? this.startSchedules() : this.stopSchedules()));
    if (await leadership.acquireLeadership()) this.startSchedules();
  }

  get isLeader(): boolean {
    return this.options.store.leadership.isLeader;
  }

  isPaused(): boolean {
    return readAgentsPaused(this.options.store.files);
  }

  /** Pauses (cancelling the scheduled runs in progress) or resumes the scheduled agents of the profile. */
  async setPaused(paused: boolean): Promise<boolean> {
    await writeAgentsPaused(this.options.store, paused, this.options.actor ?? 'engine');
    if (paused) this.cancelBackgroundRuns();
    return paused;
  }

  /**
   * An event for an agent (idle, session end, a new inbox file, a cron tick). Runs it when this
   * scheduler leads, scheduling is on and the profile is not paused; false when it will not run.
   */
  trigger(agentId: AgentId, trigger: AgentTrigger): boolean {
    const agent = this.agents.get(agentId);
    if (!agent || this.closed || !this.options.settings.agentsEnabled || !this.isLeader || this.isPaused()) return false;
    if (this.active.has(agentId)) {
      if (trigger !== 'schedule' && !this.pending.has(agentId)) this.pending.set(agentId, trigger);
      return true;
    }
    const run = this.launch(agent, trigger, { manual: false, chain: [] });
    void run.done.catch((error: unknown) => this.log('error', `${agent.title} could not be recorded: ${messageOf(error)}`));
    return true;
  }

  /**
   * Runs an agent now, wherever this is (leader or not, paused or not), and resolves with its
   * run. When the agent is already running, here or in another process, waits for that run and
   * resolves with it instead of starting a second one. `signal` cancels the run (or the wait).
   */
  async runNow(agentId: AgentId, options: { trigger?: AgentTrigger; onEvent?: (event: AgentRunEvent) => void; signal?: AbortSignal } = {}): Promise<AgentRunRecord> {
    const agent = this.agents.get(agentId);
    if (!agent) throw new Error(`There is no agent "${agentId}"; the agents are ${[...this.agents.keys()].join(', ')}.`);
    if (this.closed) throw new Error('The agent scheduler is shut down.');
    const run = this.active.get(agentId) ?? this.launch(agent, options.trigger ?? 'manual', { manual: true, chain: [] });
    const listener = options.onEvent;
    if (listener) run.listeners.add(listener);
    const onAbort = () => run.controller.abort(new Error('cancelled by the person'));
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await run.done;
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
      if (listener) run.listeners.delete(listener);
    }
  }

  /** Cancels the agent's run in progress; false when it is not running here. */
  cancel(agentId: AgentId): boolean {
    const run = this.active.get(agentId);
    if (!run) return false;
    this.pending.delete(agentId);
    run.controller.abort(new Error('cancelled by the person'));
    return true;
  }

  isRunning(agentId: AgentId): boolean {
    return this.active.has(agentId);
  }

  /** Model calls in the last hour by every process of the profile (the run records and run claims). */
  modelCallsLastHour(): number {
    return this.budget.used();
  }

  /** The agents, their schedules and last runs, the leadership and the budget: the agents view's state. */
  status(recent = 20): SchedulerStatus {
    const last = this.records.lastByAgent();
    const paused = this.isPaused();
    const leader = this.isLeader;
    return {
      agents: [...this.agents.values()].map((agent) => {
        const next = this.tasks.get(agent.id)?.getNextRun();
        const lastRun = last.get(agent.id);
        return {
          id: agent.id,
          title: agent.title,
          description: agent.description,
          ...(agent.schedule ? { schedule: agent.schedule } : {}),
          ...(next && !paused ? { nextRun: next.toISOString() } : {}),
          ...(lastRun ? { lastRun } : {}),
          running: this.active.has(agent.id),
        };
      }),
      leader,
      scheduling: this.options.settings.agentsEnabled && leader && !paused,
      paused,
      modelCallsLastHour: this.modelCallsLastHour(),
      modelCallsPerHour: this.options.settings.agentsModelCallsPerHour,
      recentRuns: this.records.recent(recent),
    };
  }

  /** Stops the schedules, cancels the runs in progress and waits for them to be recorded. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.leadershipWatch?.dispose();
    this.stopSchedules();
    this.pending.clear();
    const runs = [...this.active.values()];
    for (const run of runs) run.controller.abort(new Error('the engine is stopping'));
    await Promise.allSettled(runs.map((run) => run.done));
    if (this.pausePoll) clearInterval(this.pausePoll);
  }

  private startSchedules(): void {
    if (this.closed || this.schedulesOn) return;
    this.schedulesOn = true;
    for (const agent of this.agents.values()) {
      if (!agent.schedule) continue;
      if (!validate(agent.schedule)) {
        this.log('error', `${agent.title} has an invalid schedule "${agent.schedule}"; it runs only when triggered or asked.`);
        continue;
      }
      const task = schedule(agent.schedule, () => void this.trigger(agent.id, 'schedule'), {
        name: `metahuman-${agent.id}-${process.pid}`,
        unref: true,
        logger: cronLogger((level, message) => this.log(level, `${agent.title} schedule: ${message}`)),
      });
      this.tasks.set(agent.id, task);
    }
    if (this.options.inboxDir && this.agents.has('ingestor')) {
      this.inbox = watchInbox(this.options.inboxDir, () => void this.trigger('ingestor', 'inbox'), {
        debounceMs: this.options.inboxDebounceMs,
        log: (level, message) => this.log(level, message),
      });
    }
    this.log('info', `This window leads the profile and runs the agents' schedules (${this.tasks.size} scheduled).`);
  }

  private stopSchedules(): void {
    this.schedulesOn = false;
    for (const task of this.tasks.values()) void task.destroy();
    this.tasks.clear();
    this.inbox?.close();
    this.inbox = undefined;
  }

  private launch(agent: Agent, trigger: AgentTrigger, how: { manual: boolean; chain: AgentId[]; parent?: AbortSignal }): ActiveRun {
    const controller = new AbortController();
    if (how.parent) {
      const parent = how.parent;
      if (parent.aborted) controller.abort(parent.reason);
      else parent.addEventListener('abort', () => controller.abort(parent.reason), { once: true });
    }
    const chain = [...how.chain, agent.id];
    const runId = nextRunId();
    const listeners = new Set<(event: AgentRunEvent) => void>();
    const emit = (event: AgentRunEvent) => {
      for (const listener of listeners) safely(() => listener(event), (level, message) => this.log(level, message));
      if (this.options.onEvent) safely(() => this.options.onEvent?.(agent.id, runId, event), (level, message) => this.log(level, message));
    };
    const request = { runId, trigger, signal: controller.signal, emit, runAgent: (id: AgentId) => this.runNested(run, id, chain) };
    const done = this.claimAndRun(agent, request, how.manual)
      .then(async (record) => {
        if (record.recordsWritten > 0 && this.options.afterRun) await this.options.afterRun(record).catch((error: unknown) => this.log('warn', `After ${agent.title}: ${messageOf(error)}`));
        return record;
      })
      .finally(() => this.finish(run));
    const run: ActiveRun = { runId, agent: agent.id, manual: how.manual, controller, listeners, done };
    this.active.set(agent.id, run);
    if (!how.manual) this.watchPause();
    return run;
  }

  /** `ctx.runAgent`: another agent inside a run, sharing its cancellation; never a wait in a circle. */
  private async runNested(caller: ActiveRun, id: AgentId, chain: AgentId[]): Promise<AgentRunRecord> {
    const agent = this.agents.get(id);
    if (!agent) throw new Error(`There is no agent "${id}" to run.`);
    if (chain.includes(id)) throw new Error(`${agent.title} cannot wait for itself (${[...chain, id].join(' → ')}).`);
    let running = this.active.get(id);
    for (let waits = running; waits; waits = waits.waitingOn ? this.active.get(waits.waitingOn) : undefined) {
      if (waits.agent === caller.agent) throw new Error(`${agent.title} is already running and waiting for ${caller.agent}; waiting for it would never end.`);
    }
    running ??= this.launch(agent, 'agent', { manual: caller.manual, chain, parent: caller.controller.signal });
    caller.waitingOn = id;
    try {
      return await running.done;
    } finally {
      caller.waitingOn = undefined;
    }
  }

  private finish(run: ActiveRun): void {
    if (this.active.get(run.agent) === run) this.active.delete(run.agent);
    const next = this.pending.get(run.agent);
    if (next === undefined) return;
    this.pending.delete(run.agent);
    this.trigger(run.agent, next);
  }

  private cancelBackgroundRuns(): void {
    for (const run of this.active.values()) {
      if (run.manual) continue;
      this.pending.delete(run.agent);
      run.controller.abort(new Error('the scheduled agents were paused'));
    }
  }

  /** While scheduled runs are in progress, a pause made by another window or `mh` cancels them too. */
  private watchPause(): void {
    if (this.pausePoll) return;
    this.pausePoll = setInterval(() => {
      const background = [...this.active.values()].some((run) => !run.manual);
      if (!background || this.closed) {
        clearInterval(this.pausePoll);
        this.pausePoll = undefined;
      } else if (this.isPaused()) this.cancelBackgroundRuns();
    }, this.options.pausePollMs ?? 5_000);
    this.pausePoll.unref();
  }

  /**
   * Runs the agent once it holds the agent's claim in the profile, so no other process runs it at
   * the same time. Claimed elsewhere, a background run is recorded `skipped`; a run someone asked
   * for waits for the other process's run to end and answers with that run, as a second request
   * in the same process would.
   */
  private async claimAndRun(agent: Agent, request: RunRequest, manual: boolean): Promise<AgentRunRecord> {
    for (;;) {
      const attempt = await this.claims.take(agent.id, request.runId);
      if (attempt.taken) {
        if (attempt.replaced) await this.recordInterrupted(attempt.replaced);
        break;
      }
      const holder = attempt.holder;
      const since = `since ${holder.start.slice(11, 19)} UTC`;
      if (!manual) return this.recordWithoutRunning(agent, request, 'skipped', `Already running in ${claimPlace(holder)} (${since}); this ${request.trigger} run was skipped.`);
      request.emit({ type: 'progress', message: `${agent.title} is already running in another window or mh (${claimPlace(holder)}, ${since}); waiting for that run to end…` });
      await this.waitWhileClaimed(holder, request.signal);
      if (request.signal.aborted) return this.recordWithoutRunning(agent, request, 'cancelled', `Cancelled while waiting for the run in ${claimPlace(holder)}.`);
      const theirs = this.records.find(holder.runId);
      if (theirs && theirs.outcome !== 'running' && theirs.outcome !== 'interrupted') {
        request.emit({ type: 'done', run: theirs });
        return theirs;
      }
      // Their process died mid-run: run it here after all.
    }
    this.ownRuns.add(request.runId);
    const claim = holdClaim(this.claims, agent.id, request.runId, {
      ...(this.options.claimHeartbeatMs ? { heartbeatMs: this.options.claimHeartbeatMs } : {}),
      log: (message) => this.log('warn', `${agent.title}: ${message}`),
    });
    try {
      return await executeAgentRun(agent, { ...request, onModelCall: () => claim.called() }, this.env);
    } finally {
      await claim.release();
    }
  }

  /** Until the claim is released, taken over, or its run is gone (or the waiting is cancelled). */
  private async waitWhileClaimed(holder: RunClaim, signal: AbortSignal): Promise<void> {
    const pollMs = this.options.claimPollMs ?? 1_000;
    while (!signal.aborted) {
      const current = this.claims.read(holder.agent);
      if (current?.runId !== holder.runId || this.claims.isGone(current)) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, pollMs);
        function done() {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          resolve();
        }
        signal.addEventListener('abort', done, { once: true });
      });
    }
  }

  /** A run that did not happen here, recorded so the agents view and `mh agents status` say why. */
  private async recordWithoutRunning(agent: Agent, request: RunRequest, outcome: 'skipped' | 'cancelled', summary: string): Promise<AgentRunRecord> {
    const at = this.now().toISOString();
    const record: AgentRunRecord = { runId: request.runId, agent: agent.id, trigger: request.trigger, start: at, end: at, outcome, summary, modelCalls: 0, recordsWritten: 0, ids: [], pid: process.pid, hostname: THIS_HOST };
    await this.records.write(record);
    this.log('info', `${agent.title}: ${summary}`);
    request.emit({ type: 'done', run: record });
    return record;
  }

  /** The claim of a killed run was taken over: its end line, with the model calls its claim counted. */
  private async recordInterrupted(claim: RunClaim): Promise<void> {
    const run = this.records.find(claim.runId);
    if (!run || (run.outcome !== 'running' && run.outcome !== 'interrupted')) return;
    const summary = `Interrupted: the ${claimPlace(claim)} stopped before the run ended.`;
    await this.records.write({ ...run, outcome: 'interrupted', end: claim.heartbeat, modelCalls: Math.max(run.modelCalls, claim.modelCalls), summary });
    this.log('warn', `${this.agents.get(claim.agent)?.title ?? claim.agent}: an earlier run was ${summary.toLowerCase()}`);
  }

  /**
   * The calls since `sinceMs` not made by this scheduler: other runs' finished records (read
   * incrementally) and, for runs still going elsewhere, the count their claim keeps. Claims are
   * read first, so a run that ends in between is counted from its record, never twice.
   */
  private callsElsewhere(sinceMs: number): number {
    const claims = this.claims.all();
    const runs = this.records.callsByRun(sinceMs);
    let calls = 0;
    for (const [runId, run] of runs) if (run.finished && run.at > sinceMs && !this.ownRuns.has(runId)) calls += run.calls;
    for (const claim of claims) {
      if (this.ownRuns.has(claim.runId) || runs.get(claim.runId)?.finished) continue;
      if (Date.parse(claim.heartbeat) > sinceMs) calls += claim.modelCalls;
    }
    return calls;
  }

  private log(level: 'info' | 'warn' | 'error', message: string): void {
    this.options.log?.(level, message);
  }
}

function safely(fn: () => void, log: (level: 'warn', message: string) => void): void {
  try {
    fn();
  } catch (error) {
    log('warn', `An agent event listener failed: ${messageOf(error)}`);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function cronLogger(log: (level: 'info' | 'warn' | 'error', message: string) => void): CronLogger {
  const text = (m: string | Error) => (m instanceof Error ? m.message : m);
  return {
    info: () => undefined,
    debug: () => undefined,
    warn: (message) => log('warn', message),
    error: (message) => log('error', text(message)),
  };
}
