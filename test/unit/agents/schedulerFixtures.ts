import { OfflineProvider } from '../../../src/core/llm/chat/offlineAnswer';
import type { ModelProvider } from '../../../src/core/llm/modelProvider';
import type { Agent, AgentContext, AgentId, AgentResult } from '../../../src/core/agents/agentTypes';
import { AgentScheduler, type AgentSchedulerOptions } from '../../../src/core/agents/scheduler';
import type { ProfileStore } from '../../../src/core/profile/profileStore';
import { defaultSettings, type SettingsSnapshot } from '../../../src/core/settings/settingsTable';

/** Polls until `check` holds; fails naming `what` after a generous time (never a timing assertion). */
export async function eventually(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`Timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A promise the test resolves when it wants. */
export function gate(): { promise: Promise<void>; open(): void } {
  let open = () => undefined as void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/** A test agent under one of the real ids, doing what the test says. */
export function testAgent(id: AgentId, run: (ctx: AgentContext) => Promise<AgentResult>, schedule?: string): Agent {
  return { id, title: `Test ${id}`, description: `a test ${id}`, ...(schedule ? { schedule } : {}), run };
}

export interface SchedulerFixtureOptions extends Partial<Omit<AgentSchedulerOptions, 'settings' | 'store' | 'agents'>> {
  settings?: Partial<SettingsSnapshot>;
  model?: ModelProvider;
}

/** A scheduler over a real store with the given agents; offline unless a model provider is given. */
export function schedulerFor(store: ProfileStore, agents: Agent[], options: SchedulerFixtureOptions = {}): AgentScheduler {
  const { settings, model, ...rest } = options;
  return new AgentScheduler({
    agents,
    store,
    settings: { ...defaultSettings(), ...settings },
    provider: () => Promise.resolve({ provider: model ?? new OfflineProvider() }),
    search: () => Promise.resolve([]),
    activity: { lastActivity: () => Promise.resolve(undefined) },
    actor: 'test',
    ...rest,
  });
}
