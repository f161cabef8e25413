import type { IndexCompaction } from '../index/indexCompaction';
import type { ModelProvider } from '../llm/modelProvider';
import { modelForRole } from '../llm/providerFactory';
import type { ProfileStore } from '../profile/profileStore';
import type { SettingsSnapshot } from '../settings/settingsTable';
import { createAgentModel, type ModelBudget } from './agentModel';
import { agentStateSlot } from './agentState';
import {
  ModelBudgetError,
  type ActivityClock,
  type Agent,
  type AgentContext,
  type AgentId,
  type AgentOutput,
  type AgentProposal,
  type AgentProposalOutcome,
  type AgentRunRecord,
  type AgentSearch,
  type AgentTrigger,
} from './agentTypes';
import { THIS_HOST } from './runClaims';
import type { RunRecords } from './runRecords';

/** What a run streams: the agent's output, then the finished run. */
export type AgentRunEvent = AgentOutput | { type: 'done'; run: AgentRunRecord };

/** The model provider agents use now (the offline one means: no model, heuristics). */
export type AgentProviderSource = () => Promise<{ provider: ModelProvider; model?: string }>;

/** The decision engine's door for agents: the source is always the scheduler's `agent:<id>`. */
export type AgentProposer = (input: AgentProposal & { source: `agent:${string}` }) => Promise<AgentProposalOutcome>;

/** What every run of one scheduler shares. */
export interface AgentRunEnvironment {
  store: ProfileStore;
  records: RunRecords;
  settings: SettingsSnapshot;
  budget: ModelBudget;
  provider: AgentProviderSource;
  search: AgentSearch;
  activity: ActivityClock;
  compactIndex?: () => Promise<IndexCompaction | string>;
  propose?: AgentProposer;
  now: () => Date;
  log(level: 'info' | 'warn' | 'error', message: string): void;
}

/** One run about to happen. */
export interface RunRequest {
  runId: string;
  trigger: AgentTrigger;
  signal: AbortSignal;
  emit(event: AgentRunEvent): void;
  /** `ctx.runAgent` of this run. */
  runAgent(id: AgentId): Promise<AgentRunRecord>;
  /** After each model call of the run (the scheduler keeps the run's claim counting them). */
  onModelCall?(): void;
}

const MAX_IDS = 100;

/**
 * Runs an agent once: records and audits its start, builds its context, maps how it ended to an
 * outcome (a throw is `error`, an abort `cancelled`, a spent model budget `skipped`), then records
 * and audits the end with what it wrote. Resolves to the run record; rejects only when the
 * profile itself cannot be written.
 */
export async function executeAgentRun(agent: Agent, request: RunRequest, env: AgentRunEnvironment): Promise<AgentRunRecord> {
  const { store } = env;
  const started = env.now();
  const run: AgentRunRecord = { runId: request.runId, agent: agent.id, trigger: request.trigger, start: started.toISOString(), outcome: 'running', modelCalls: 0, recordsWritten: 0, ids: [], pid: process.pid, hostname: THIS_HOST };
  await env.records.write(run);
  await store.audit.record({ type: 'agent_run', agent: agent.id, runId: run.runId, phase: 'start', trigger: run.trigger });
  request.emit({ type: 'progress', message: `${agent.title} started (${run.trigger}).` });

  const written = new Set<string>();
  let modelCalls = 0;
  const end = (fields: Pick<AgentRunRecord, 'outcome'> & Partial<AgentRunRecord>): AgentRunRecord => ({
    ...run,
    ...fields,
    end: env.now().toISOString(),
    modelCalls,
    recordsWritten: written.size,
    ids: [...written].slice(0, MAX_IDS),
  });

  let finished: AgentRunRecord;
  try {
    const ctx = await buildContext(agent, request, env, {
      onCall: () => {
        modelCalls++;
        request.onModelCall?.();
      },
      wrote: (id) => written.add(id),
    });
    const result = await agent.run(ctx);
    // An agent that noticed the abort between steps may return instead of throwing.
    finished = request.signal.aborted ? end({ outcome: 'cancelled', summary: `Cancelled: ${result.summary}` }) : end({ outcome: result.outcome, summary: result.summary });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (request.signal.aborted) finished = end({ outcome: 'cancelled', summary: 'Cancelled.' });
    else if (error instanceof ModelBudgetError) finished = end({ outcome: 'skipped', summary: message });
    else {
      finished = end({ outcome: 'error', error: message.slice(0, 500) });
      env.log('error', `${agent.title} failed: ${message}`);
    }
  }
  await env.records.write(finished);
  await store.audit.record({
    type: 'agent_run',
    agent: agent.id,
    runId: finished.runId,
    phase: 'end',
    trigger: finished.trigger,
    outcome: finished.outcome === 'running' || finished.outcome === 'interrupted' ? 'error' : finished.outcome,
    durationMs: Math.max(0, Date.parse(finished.end ?? finished.start) - started.getTime()),
    modelCalls: finished.modelCalls,
    recordsWritten: finished.recordsWritten,
    ids: finished.ids,
    ...(finished.error ? { error: finished.error } : {}),
  });
  request.emit({ type: 'done', run: finished });
  return finished;
}

async function buildContext(agent: Agent, request: RunRequest, env: AgentRunEnvironment, counters: { onCall: () => void; wrote: (id: string) => void }): Promise<AgentContext> {
  const { store, settings } = env;
  return {
    runId: request.runId,
    trigger: request.trigger,
    store,
    persona: store.persona.get(),
    settings,
    ...(await agentModel(request.signal, env, counters.onCall)),
    search: env.search,
    activity: env.activity,
    state: agentStateSlot(store.files, store.lock, agent.id),
    signal: request.signal,
    now: env.now,
    emit: (output) => request.emit(output),
    log: (level, message) => env.log(level, `${agent.title}: ${message}`),
    wrote: counters.wrote,
    runAgent: (id) => request.runAgent(id),
    ...(env.compactIndex ? { compactIndex: env.compactIndex } : {}),
    ...(env.propose ? { propose: proposerFor(agent, env.propose, (level, message) => env.log(level, message)) } : {}),
  };
}

/** `ctx.propose`: only the fields an agent may set are passed on, under the agent's own source. */
function proposerFor(agent: Agent, propose: AgentProposer, log: (level: 'warn', message: string) => void): NonNullable<AgentContext['propose']> {
  return async (input) => {
    const { skill, args, reason, workspace } = input;
    try {
      const outcome = await propose({ skill, args, reason, ...(workspace ? { workspace } : {}), source: `agent:${agent.id}` });
      return { id: outcome.id, status: outcome.status };
    } catch (error) {
      log('warn', `${agent.title} could not propose ${skill}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  };
}

/** The run's model, absent with the offline provider or a budget of 0 calls an hour (agents then use their offline methods). */
async function agentModel(signal: AbortSignal, env: AgentRunEnvironment, onCall: () => void): Promise<Pick<AgentContext, 'model'>> {
  if (env.settings.agentsModelCallsPerHour <= 0) return {};
  const { provider, model } = await env.provider();
  if (provider.id === 'offline') return {};
  return {
    model: createAgentModel({
      provider,
      modelFor: (role) => modelForRole(env.settings, role) ?? model,
      audit: env.store.audit,
      budget: env.budget,
      signal,
      onCall,
    }),
  };
}
