import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { reflectorAgent } from '../../../src/core/agents/reflector';
import { ApprovalQueue } from '../../../src/core/decisions/approvalQueue';
import type { ProposalState } from '../../../src/core/decisions/decisionTypes';
import { tempDirsForSuite } from '../store/storeFixtures';
import { agentFixture, type AgentFixture } from './agentFixtures';
import { asAda, edited, hoursAgo, note, NOW, userChat } from './agentRecords';

const makeDir = tempDirsForSuite();

/** Every proposal in the profile's approval queue, oldest first, as the editor and `mh approvals list` read it. */
function proposals(fx: AgentFixture): ProposalState[] {
  return new ApprovalQueue(fx.store).list();
}

function queueFileLines(fx: AgentFixture): Record<string, unknown>[] {
  return readFileSync(join(fx.dir, 'approvals', 'queue.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('reflector proposes tasks for commitments the person wrote', () => {
  it('proposes a task for a TODO, quoting and citing the memory, and says so in its summary', async () => {
    const fx = await agentFixture(makeDir, {
      now: () => NOW,
      proposeAs: 'reflector',
      records: [edited('src/tls.ts', hoursAgo(3)), note('TODO: renew the TLS certificate', hoursAgo(2), { project: 'mh' }), edited('src/tls.ts', hoursAgo(1))],
    });
    const todo = (await fx.store.memory.list()).find((r) => r.text.startsWith('TODO'))!;
    const result = await reflectorAgent.run(asAda(fx.ctx));
    assert.equal(result.outcome, 'ok', result.summary);

    const all = proposals(fx);
    assert.equal(all.length, 1, JSON.stringify(all));
    const [proposal] = all;
    assert.equal(proposal.skill, 'task');
    assert.deepEqual(proposal.args, { action: 'create', title: 'Renew the TLS certificate' });
    assert.equal(proposal.source, 'agent:reflector');
    assert.equal(proposal.status, 'pending', 'a new profile asks the person first');
    assert.ok(proposal.reason.includes('"TODO: renew the TLS certificate"'), proposal.reason);
    assert.ok(proposal.reason.includes(`[m:${todo.id}]`), proposal.reason);
    assert.match(result.summary, new RegExp(`proposed 1 task .*${proposal.id} pending`));
    assert.ok(queueFileLines(fx).some((e) => e.ev === 'proposed' && e.id === proposal.id), 'written to approvals/queue.jsonl');
    assert.equal((await fx.store.tasks.list()).length, 0, 'nothing is created before the person approves');
    await fx.close();
  });

  it('does not propose the same commitment again on a later run, even written again', async () => {
    let now = NOW;
    const fx = await agentFixture(makeDir, { now: () => now, proposeAs: 'reflector', records: [note('TODO: renew the TLS certificate', hoursAgo(2))] });
    await reflectorAgent.run(asAda(fx.ctx));
    assert.equal(proposals(fx).length, 1);

    now = new Date(NOW.getTime() + 3 * 3_600_000);
    await fx.store.memory.append(note('Reminder to self: TODO - renew the TLS certificate.', hoursAgo(1, now)));
    await fx.store.memory.append(edited('src/tls.ts', hoursAgo(0.5, now)));
    const second = await reflectorAgent.run(asAda(fx.ctx));
    assert.equal(second.outcome, 'ok', second.summary);
    assert.equal(proposals(fx).length, 1, 'still the one proposal');
    assert.match(second.summary, /proposed no tasks/);
    await fx.close();
  });

  it('proposes nothing without a commitment, for a question, or for what is already an open task', async () => {
    const fx = await agentFixture(makeDir, {
      now: () => NOW,
      proposeAs: 'reflector',
      records: [
        note('The certificate rotation went smoothly; the new chain validates.', hoursAgo(3)),
        userChat('Do I need to renew the TLS certificate this year?', hoursAgo(2.5)),
        note('I need to write the release notes.', hoursAgo(2)),
        edited('src/tls.ts', hoursAgo(1)),
      ],
    });
    await fx.store.tasks.add({ title: 'Write the release notes' });
    const result = await reflectorAgent.run(asAda(fx.ctx));
    assert.equal(result.outcome, 'ok', result.summary);
    assert.deepEqual(proposals(fx), []);
    assert.match(result.summary, /proposed no tasks/);
    await fx.close();
  });

  it('proposes at most three tasks in one run', async () => {
    const fx = await agentFixture(makeDir, {
      now: () => NOW,
      proposeAs: 'reflector',
      records: [
        note('TODO: renew the TLS certificate\nTODO: rotate the database password\nTODO: update the on-call rota\nTODO: archive the old dashboards', hoursAgo(2)),
        userChat('Remind me to book the dentist appointment.', hoursAgo(1)),
      ],
    });
    const result = await reflectorAgent.run(asAda(fx.ctx));
    const titles = proposals(fx).map((p) => p.args.title).sort();
    assert.deepEqual(titles, ['Renew the TLS certificate', 'Rotate the database password', 'Update the on-call rota']);
    assert.match(result.summary, /proposed 3 tasks/);
    await fx.close();
  });

  it('without a decision engine wired, reflects as before and proposes nothing', async () => {
    const fx = await agentFixture(makeDir, { now: () => NOW, records: [note('TODO: renew the TLS certificate', hoursAgo(2))] });
    const result = await reflectorAgent.run(asAda(fx.ctx));
    assert.equal(result.outcome, 'ok', result.summary);
    assert.doesNotMatch(result.summary, /propos/);
    assert.throws(() => readFileSync(join(fx.dir, 'approvals', 'queue.jsonl')), /ENOENT/, 'no approval queue was written');
    await fx.close();
  });
});
