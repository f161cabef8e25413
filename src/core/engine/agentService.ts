import {
  AgentCancelRequest,
  AgentRunStream,
  AgentsActivityPulseNotification,
  AgentsPauseRequest,
  AgentsStatusRequest,
  type AgentEvent,
  type AgentsStatus,
} from '../../protocol/agentsProtocol';
import { HostSecretRequest } from '../../protocol/hostServicesProtocol';
import type { Messenger } from '../../protocol/messenger';
import { createActivityClock, recordActivity } from '../agents/activityClock';
import { builtInAgents } from '../agents/agentRegistry';
import type { AgentProposer, AgentProviderSource, AgentRunEvent } from '../agents/agentRun';
import { agentSearchOver } from '../agents/agentSearch';
import type { ActivityClock, Agent, AgentId } from '../agents/agentTypes';
import { IdleTrigger } from '../agents/idleTrigger';
import { inboxFolder } from '../agents/ingestor';
import { AgentScheduler } from '../agents/scheduler';
import type { IndexCompaction } from '../index/indexCompaction';
import type { MemoryIndex } from '../index/memoryIndex';
import { chatProviderFor } from '../llm/chat/chatProvider';
import { HostLmProvider } from '../llm/providers/hostLmProvider';
import type { ProfileStore } from '../profile/profileStore';
import type { EngineSettings } from './engineSettings';

export interface AgentServicePorts {
  openStore(): Promise<ProfileStore>;
  openIndex(): Promise<MemoryIndex>;
  /** Makes what a run wrote searchable (and tells the views the memory changed). */
  afterWrite(): Promise<void>;
  log(level: 'info' | 'warn' | 'error', message: string): void;
  /** Every run's output as it happens, with its start and end (the `agents/activity` notification). */
  onActivity(agent: AgentId, runId: string, event: AgentEvent): void;
  /** The extension host, for secrets and VS Code's language models; absent in the CLI. */
  host?: Messenger;
  /** The decision engine's `propose` (source `agent:<id>`, set by the scheduler); without it agents propose nothing. */
  propose?: AgentProposer;
}

/** How often the leader looks at the activity clock for the boredom service. */
const IDLE_CHECK_MS = 60_000;

/**
 * The agents in the engine: one scheduler over this engine's store and index, started when the
 * profile is first opened. Only the profile's leader runs schedules and triggers; every window
 * answers status, runs an agent when asked and notes editor activity for the boredom service.
 */
export class AgentService {
  private scheduler?: Promise<AgentScheduler>;
  private idleTimer?: ReturnType<typeof setInterval>;
  private readonly idle: IdleTrigger;
  private closed = false;
  private activity: ActivityClock = { lastActivity: () => Promise.resolve(undefined) };

  constructor(
    private readonly settings: EngineSettings,
    private readonly ports: AgentServicePorts,
    private readonly agents: () => Agent[] = builtInAgents,
  ) {
    this.idle = new IdleTrigger(() => settings.values.agentsBoredom);
  }

  /** Starts competing for leadership (and, while leading, the schedules). */
  async start(): Promise<void> {
    const scheduler = await this.open();
    await scheduler.start();
    if (!this.idleTimer && !this.closed && this.settings.values.agentsEnabled) {
      this.idleTimer = setInterval(() => void this.checkIdle(scheduler), IDLE_CHECK_MS);
      this.idleTimer.unref?.();
    }
  }

  /** Each minute, on the leader: wakes the boredom service when the editors have been idle long enough. */
  private async checkIdle(scheduler: AgentScheduler): Promise<void> {
    if (!scheduler.isLeader || scheduler.isRunning('boredom')) return;
    try {
      const last = await this.activity.lastActivity();
      if (last && this.idle.due(last, new Date()) && scheduler.trigger('boredom', 'idle')) this.idle.fired(last);
    } catch (error) {
      this.ports.log('warn', `Could not read the editor activity: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  async status(): Promise<AgentsStatus> {
    const status = (await this.open()).status();
    return {
      agents: status.agents,
      leader: status.leader,
      scheduling: status.scheduling,
      paused: status.paused,
      modelCallsLastHour: status.modelCallsLastHour,
      modelCallsPerHour: status.modelCallsPerHour,
      recentRuns: status.recentRuns,
    };
  }

  /** Runs an agent now and streams its events; stopping the stream cancels the run. */
  async *run(agent: AgentId, signal: AbortSignal): AsyncGenerator<AgentEvent, void, undefined> {
    const scheduler = await this.open();
    const queue: AgentEvent[] = [];
    let wake: (() => void) | undefined;
    let finished = false;
    const push = (event: AgentRunEvent) => {
      queue.push(toWire(event));
      wake?.();
    };
    const run = scheduler.runNow(agent, { onEvent: push, signal }).finally(() => {
      finished = true;
      wake?.();
    });
    run.catch(() => undefined);
    for (;;) {
      while (queue.length > 0) {
        const event = queue.shift() as AgentEvent;
        yield event;
        if (event.type === 'done') return;
      }
      if (finished) break;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
    // Attached to a run that was already past its start: end with its record all the same.
    const record = await run;
    yield { type: 'done', run: record };
  }

  async cancel(agent: AgentId): Promise<{ cancelled: boolean }> {
    return { cancelled: (await this.open()).cancel(agent) };
  }

  async pause(paused: boolean): Promise<{ paused: boolean }> {
    return { paused: await (await this.open()).setPaused(paused) };
  }

  /** The person is active in this window: noted for the boredom service's idleness (all windows). */
  pulse(at: string): void {
    const when = Date.parse(at);
    if (Number.isNaN(when)) throw new Error(`agents/pulse: "${at}" is not a time.`);
    try {
      recordActivity(this.settings.profilePath, this.settings.workspaceKey ?? 'default', when);
    } catch (error) {
      this.ports.log('warn', `Could not note editor activity: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** A coding session ended and its summary was written: the organizer enriches it now. */
  sessionEnded(): void {
    void this.scheduler?.then((s) => s.trigger('organizer', 'session-end'));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.idleTimer) clearInterval(this.idleTimer);
    const scheduler = await this.scheduler?.catch(() => undefined);
    await scheduler?.close();
  }

  private open(): Promise<AgentScheduler> {
    if (this.closed) return Promise.reject(new Error('The MetaHuman engine is shutting down.'));
    this.scheduler ??= this.create();
    this.scheduler.catch(() => (this.scheduler = undefined));
    return this.scheduler;
  }

  private async create(): Promise<AgentScheduler> {
    const store = await this.ports.openStore();
    this.activity = createActivityClock(store.dir);
    const values = this.settings.values;
    return new AgentScheduler({
      agents: this.agents(),
      store,
      settings: values,
      provider: this.provider(),
      search: agentSearchOver(() => this.ports.openIndex()),
      activity: this.activity,
      compactIndex: () => this.compactIndex(store),
      ...(this.ports.propose ? { propose: this.ports.propose } : {}),
      inboxDir: inboxFolder(values, store.dir),
      onEvent: (agent, runId, event) => this.ports.onActivity(agent, runId, toWire(event)),
      afterRun: () => this.ports.afterWrite(),
      log: (level, message) => this.ports.log(level, message),
      actor: this.settings.actor ?? 'engine',
    });
  }

  /**
   * The sleep service's index step. Only the leader owns the shared index (`placeIndex`); a
   * follower's index is a private, short-lived copy, so it is left alone and the reason returned.
   */
  private async compactIndex(store: ProfileStore): Promise<IndexCompaction | string> {
    if (!store.leadership.isLeader) return 'the leading window or mh agents serve owns the shared index';
    const index = await this.ports.openIndex();
    await index.sync();
    await index.whenIdle();
    return index.compact();
  }

  /** Like the chat's: the host's `vscodeLm` where there is a host, else the provider the settings name. */
  private provider(): AgentProviderSource {
    const values = this.settings.values;
    const host = this.ports.host;
    return async () => {
      if (values.llmProvider === 'vscodeLm' && host) return { provider: new HostLmProvider(host) };
      const openAiApiKey = values.llmProvider === 'openaiCompatible' && host ? ((await host.request(HostSecretRequest, { name: 'openAiApiKey' })) ?? undefined) : undefined;
      return chatProviderFor(values, { openAiApiKey }, { onWarning: (m) => this.ports.log('warn', m) });
    };
  }
}

/** The core's run events are the protocol's (`kind` widens to a string on the wire). */
function toWire(event: AgentRunEvent): AgentEvent {
  return event;
}

/** The `agents/*` messages of the engine protocol, on this engine's agent service. */
export function registerAgentHandlers(messenger: Messenger, agents: AgentService): void {
  messenger.onRequest(AgentsStatusRequest, () => agents.status());
  messenger.onStream(AgentRunStream, ({ agent }, ctx) => agents.run(agent, ctx.signal));
  messenger.onRequest(AgentCancelRequest, ({ agent }) => agents.cancel(agent));
  messenger.onRequest(AgentsPauseRequest, ({ paused }) => agents.pause(paused));
  messenger.onNotification(AgentsActivityPulseNotification, ({ at }) => agents.pulse(at));
}
