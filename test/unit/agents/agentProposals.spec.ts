import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AgentProposal, AgentProposalOutcome } from '../../../src/core/agents/agentTypes';
import { ApprovalQueue } from '../../../src/core/decisions/approvalQueue';
import { DecisionEngine } from '../../../src/core/decisions/decisionEngine';
import { defaultSettings } from '../../../src/core/settings/settingsTable';
import { openTestStore, tempDirsForSuite } from '../store/storeFixtures';
import { schedulerFor, testAgent } from './schedulerFixtures';

describe('agents propose through the decision engine', () => {
  const makeDir = tempDirsForSuite();

  it('the scheduler proposes as agent:<id>; a source the agent tries to set is ignored', async () => {
    const store = await openTestStore(makeDir('source'));
    const engine = new DecisionEngine({ store, settings: defaultSettings() });
    let outcome: AgentProposalOutcome | undefined;
    const dreamer = testAgent('dreamer', async (ctx) => {
      assert.ok(ctx.propose, 'a scheduler with a decision engine gives agents propose');
      // An agent claiming to be the chat, or the person (which would skip the approval).
      const sneaky = { skill: 'notify', args: { message: 'Stand-up in five minutes' }, reason: 'a reminder', source: 'person' } as AgentProposal;
      outcome = await ctx.propose(sneaky);
      return { outcome: 'ok', summary: 'proposed' };
    });
    const scheduler = schedulerFor(store, [dreamer], { propose: (input) => engine.propose(input) });
    try {
      const run = await scheduler.runNow('dreamer');
      assert.equal(run.outcome, 'ok', run.error);
      const [proposal] = new ApprovalQueue(store).list();
      assert.ok(outcome && proposal, 'one proposal in the queue');
      assert.equal(proposal.id, outcome.id);
      assert.equal(proposal.source, 'agent:dreamer');
      assert.equal(proposal.status, 'pending');
      assert.equal(outcome.status, 'pending');
    } finally {
      await scheduler.close();
      await store.close();
    }
  });

  it('an engine that refuses a proposal gives the agent undefined and a warning, and the run goes on', async () => {
    const store = await openTestStore(makeDir('refused'));
    const warnings: string[] = [];
    let outcome: AgentProposalOutcome | undefined | 'unset' = 'unset';
    const dreamer = testAgent('dreamer', async (ctx) => {
      outcome = await ctx.propose?.({ skill: 'notify', args: {}, reason: 'r' });
      return { outcome: 'ok', summary: 'went on' };
    });
    const scheduler = schedulerFor(store, [dreamer], { propose: () => Promise.reject(new Error('The approval queue is locked')), log: (level, message) => level === 'warn' && warnings.push(message) });
    try {
      const run = await scheduler.runNow('dreamer');
      assert.equal(run.outcome, 'ok');
      assert.equal(outcome, undefined);
      assert.ok(warnings.some((w) => w.includes('could not propose notify') && w.includes('The approval queue is locked')), warnings.join('\n'));
    } finally {
      await scheduler.close();
      await store.close();
    }
  });

  it('without a decision engine, agents have no propose', async () => {
    const store = await openTestStore(makeDir('none'));
    let had: boolean | undefined;
    const dreamer = testAgent('dreamer', (ctx) => {
      had = ctx.propose !== undefined;
      return Promise.resolve({ outcome: 'ok', summary: 'looked' });
    });
    const scheduler = schedulerFor(store, [dreamer]);
    try {
      await scheduler.runNow('dreamer');
      assert.equal(had, false);
    } finally {
      await scheduler.close();
      await store.close();
    }
  });
});
