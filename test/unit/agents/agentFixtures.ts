import { join } from 'node:path';
import { createAgentModel, ModelBudget } from '../../../src/core/agents/agentModel';
import { agentSearchOver } from '../../../src/core/agents/agentSearch';
import type { AgentContext, AgentId, AgentOutput, AgentRunRecord, AgentTrigger } from '../../../src/core/agents/agentTypes';
import { DecisionEngine } from '../../../src/core/decisions/decisionEngine';
import { MemoryIndex } from '../../../src/core/index/memoryIndex';
import type { ModelProvider } from '../../../src/core/llm/modelProvider';
import type { NewMemoryRecord } from '../../../src/core/memory/memoryLog';
import { openProfileStore, type ProfileStore } from '../../../src/core/profile/profileStore';
import { defaultSettings, type SettingsSnapshot } from '../../../src/core/settings/settingsTable';

export interface AgentFixture {
  ctx: AgentContext;
  store: ProfileStore;
  dir: string;
  /** Everything the agent emitted, in order. */
  outputs: AgentOutput[];
  /** Ids the agent reported through `ctx.wrote`. */
  written: string[];
  /** Model calls the run made. */
  modelCalls(): number;
  /** The abort controller behind `ctx.signal` (tests cancel with it). */
  controller: AbortController;
  /** The decision engine behind `ctx.propose`, with `proposeAs`. */
  decisions?: DecisionEngine;
  close(): Promise<void>;
}

export interface AgentFixtureOptions {
  /** A model provider (a ScriptedProvider, or a real one against a local protocol server); none = offline. */
  provider?: ModelProvider;
  settings?: Partial<SettingsSnapshot>;
  /** The run's clock (and the store's). Default: the real clock. */
  now?: () => Date;
  /** Records appended before the agent runs. */
  records?: NewMemoryRecord[];
  trigger?: AgentTrigger;
  /** When the person was last active in an editor; undefined = never. */
  lastActivity?: Date;
  /** What `ctx.runAgent` does (the sleep service runs the dreamer). */
  runAgent?: (id: AgentId) => Promise<AgentRunRecord>;
  budgetPerHour?: number;
  /** Wires `ctx.propose` to a real decision engine on the fixture's profile, proposing as `agent:<id>`; absent = no engine wired. */
  proposeAs?: AgentId;
}

/**
 * An AgentContext over a real temp profile and a real memory index (lexical embedder), as the
 * scheduler builds it, so agent specs exercise the store, the index and the audit for real.
 * `makeDir` comes from `tempDirsForSuite()` (test/unit/store/storeFixtures.ts) in the spec.
 */
export async function agentFixture(makeDir: (label: string) => string, options: AgentFixtureOptions = {}): Promise<AgentFixture> {
  const dir = makeDir('agent');
  const now = options.now ?? (() => new Date());
  const store = await openProfileStore(dir, { actor: 'test', durable: false, clock: now });
  if (options.records?.length) await store.memory.appendMany(options.records);
  let index: Promise<MemoryIndex> | undefined;
  const openIndex = () => (index ??= MemoryIndex.open({ dir: join(dir, 'index'), feed: store.memory, now }));
  const outputs: AgentOutput[] = [];
  const written: string[] = [];
  let calls = 0;
  const controller = new AbortController();
  const settings = { ...defaultSettings(), ...options.settings };
  const budget = new ModelBudget(() => options.budgetPerHour ?? settings.agentsModelCallsPerHour, () => now().getTime());
  let state: Record<string, unknown> | undefined;
  const persona = store.persona.get();
  const decisions = options.proposeAs ? new DecisionEngine({ store, settings, now }) : undefined;
  const source = `agent:${options.proposeAs ?? 'none'}` as const;
  const propose: AgentContext['propose'] = decisions
    ? async (input) => {
        const state = await decisions.propose({ ...input, source });
        return { id: state.id, status: state.status };
      }
    : undefined;
  const ctx: AgentContext = {
    runId: 'run-test',
    trigger: options.trigger ?? 'manual',
    store,
    persona,
    settings,
    ...(options.provider
      ? { model: createAgentModel({ provider: options.provider, modelFor: () => undefined, audit: store.audit, budget, signal: controller.signal, onCall: () => calls++ }) }
      : {}),
    search: agentSearchOver(openIndex),
    activity: { lastActivity: () => Promise.resolve(options.lastActivity) },
    state: {
      get: () => Promise.resolve(state),
      set: (value) => {
        state = value;
        return Promise.resolve();
      },
    },
    signal: controller.signal,
    now,
    emit: (output) => outputs.push(output),
    log: () => undefined,
    wrote: (id) => written.push(id),
    runAgent: options.runAgent ?? ((id) => Promise.reject(new Error(`runAgent(${id}) is not scripted in this test`))),
    // As the engine's port: brings the index up to date and compacts it, answering with what it did.
    compactIndex: (async () => {
      const opened = await openIndex();
      await opened.sync();
      return opened.compact();
    }),
    ...(propose ? { propose } : {}),
  };
  return {
    ctx,
    store,
    dir,
    outputs,
    written,
    modelCalls: () => calls,
    controller,
    ...(decisions ? { decisions } : {}),
    async close() {
      await (await index)?.close();
      await store.close();
    },
  };
}
