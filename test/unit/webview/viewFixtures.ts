import type { AgentInfo, AgentRunView, AgentsStatus } from '../../../src/protocol/agentsProtocol';
import type { DecisionsState, ProposalView } from '../../../src/protocol/decisionsProtocol';

/** Builders of the states the host pushes to the agents and approvals views. */

export const NOW = new Date('2026-03-04T12:00:00Z');

/** An ISO time `minutes` from NOW (negative: in the past). */
export function at(minutes: number): string {
  return new Date(NOW.getTime() + minutes * 60_000).toISOString();
}

export function agentRun(overrides: Partial<AgentRunView> = {}): AgentRunView {
  return {
    runId: 'run-1',
    agent: 'organizer',
    trigger: 'schedule',
    start: at(-12),
    end: at(-11),
    outcome: 'ok',
    modelCalls: 2,
    recordsWritten: 3,
    ids: [],
    ...overrides,
  };
}

export function agentInfo(overrides: Partial<AgentInfo> = {}): AgentInfo {
  return {
    id: 'organizer',
    title: 'Organizer',
    description: 'Tags and links new memories.',
    schedule: '*/10 * * * *',
    running: false,
    ...overrides,
  };
}

export function agentsStatus(overrides: Partial<AgentsStatus> = {}): AgentsStatus {
  return {
    agents: [agentInfo()],
    leader: true,
    scheduling: true,
    paused: false,
    modelCallsLastHour: 3,
    modelCallsPerHour: 30,
    recentRuns: [],
    ...overrides,
  };
}

export function proposal(overrides: Partial<ProposalView> = {}): ProposalView {
  return {
    id: 'p1',
    skill: 'write-file',
    skillTitle: 'Write a file',
    args: { path: 'notes/todo.md', content: 'buy milk\n' },
    source: 'organizer',
    reason: 'You asked to keep a todo list.',
    dryRun: false,
    createdAt: at(-30),
    expiresAt: at(60 * 24),
    updatedAt: at(-30),
    status: 'pending',
    decision: { decision: 'ask', rule: 'trust:supervised', reason: 'writes a file: asks first', trust: 'supervised' },
    undoable: false,
    ...overrides,
  };
}

export function decisionsState(overrides: Partial<DecisionsState> = {}): DecisionsState {
  return { pending: [], recent: [], skills: [], suggestions: [], paused: false, dryRun: false, ...overrides };
}
