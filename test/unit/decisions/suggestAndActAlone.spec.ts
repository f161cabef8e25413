import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ProposalStateError } from '../../../src/core/decisions/decisionEngine';
import type { ProposalInput, ProposalState } from '../../../src/core/decisions/decisionTypes';
import { loadPolicy } from '../../../src/core/decisions/policy';
import { SkillInputError } from '../../../src/core/skills/skillTypes';
import { tempDirsForSuite } from '../store/storeFixtures';
import { auditEntries, engineFixture, proposalTrail, type EngineFixture } from './decisionFixtures';

const HOUR = 3_600_000;

function writeProposal(f: EngineFixture, path = 'notes.md', content = 'hello\n'): ProposalInput {
  return { skill: 'write-file', args: { path, content }, source: 'agent:organizer', reason: 'keep a note', workspace: f.workspace };
}

/** A write-file suggestion: the skill at suggest, proposed by an agent. */
async function suggestion(f: EngineFixture, path = 'notes.md', content = 'hello\n'): Promise<ProposalState> {
  await f.engine.setTrust('write-file', { level: 'suggest' });
  return f.engine.propose(writeProposal(f, path, content));
}

describe('trust suggest: the twin proposes, the person acts', () => {
  const temp = tempDirsForSuite();

  it('a proposal at suggest is a suggestion: announced, never run, and it cannot be approved or rejected', async () => {
    const announced: ProposalState[] = [];
    const f = await engineFixture(temp, { ports: { onPending: (s) => announced.push(s) } });
    const state = await suggestion(f);
    assert.deepEqual([state.status, state.decision.rule], ['suggested', 'trust:suggest']);
    assert.deepEqual(
      announced.map((s) => [s.id, s.status]),
      [[state.id, 'suggested']],
      'the editor is told, to show Do It / Dismiss',
    );
    assert.match(state.preview?.details ?? '', /\+hello/);
    const snapshot = await f.engine.state();
    assert.deepEqual(snapshot.pending, [], 'nothing to approve');
    assert.deepEqual(
      snapshot.recent.filter((s) => s.status === 'suggested').map((s) => s.id),
      [state.id],
    );

    await assert.rejects(f.engine.approve(state.id), (error: Error) => error instanceof ProposalStateError && /is a suggestion .* accept it \(mh approvals accept /.test(error.message));
    await assert.rejects(f.engine.reject(state.id, 'no'), /is a suggestion .* dismiss it/);
    assert.equal(f.engine.get(state.id)?.status, 'suggested', 'still waiting');
    assert.equal(existsSync(join(f.workspace, 'notes.md')), false, 'the twin never runs it');
    await f.close();
  });

  it("accepting runs it as the person's own run: the file is written, and the audit shows the run and the acceptance", async () => {
    const f = await engineFixture(temp);
    const state = await suggestion(f);
    const run = await f.engine.accept(state.id);
    assert.notEqual(run.id, state.id, 'a new proposal');
    assert.deepEqual([run.status, run.source, run.decision.rule], ['executed', 'person', 'person:request']);
    assert.equal(readFileSync(join(f.workspace, 'notes.md'), 'utf8'), 'hello\n');

    const accepted = f.engine.get(state.id);
    assert.deepEqual([accepted?.status, accepted?.acceptedAs], ['accepted', run.id]);
    assert.deepEqual(proposalTrail(f.store, state.id), ['decision', 'approval:accepted']);
    assert.deepEqual(proposalTrail(f.store, run.id), ['decision', 'skill_execution:ok']);
    const acceptance = auditEntries(f.store).find((e) => e.type === 'approval' && e.action === 'accepted');
    assert.equal(acceptance?.type === 'approval' && acceptance.run, run.id);

    await assert.rejects(f.engine.accept(state.id), /is accepted; only a suggested proposal can be accepted/);
    assert.equal(auditEntries(f.store).filter((e) => e.type === 'skill_execution' && e.outcome === 'ok').length, 1, 'run once');
    await f.close();
  });

  it('two accepts at once run it once', async () => {
    const f = await engineFixture(temp);
    const state = await suggestion(f);
    const results = await Promise.allSettled([f.engine.accept(state.id), f.engine.accept(state.id)]);
    assert.deepEqual(results.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
    assert.equal(auditEntries(f.store).filter((e) => e.type === 'skill_execution' && e.outcome === 'ok').length, 1);
    await f.close();
  });

  it('accepting with edited arguments runs those; arguments that do not fit, or a path the checks deny, leave the suggestion waiting', async () => {
    const f = await engineFixture(temp);
    const state = await suggestion(f, 'notes.md', 'draft\n');

    await assert.rejects(f.engine.accept(state.id, { path: 'notes.md', content: 42 }), (error: Error) => error instanceof SkillInputError && /content/.test(error.message) && /still waiting/.test(error.message));
    const denied = await f.engine.accept(state.id, { path: '../escape.md', content: 'x\n' });
    assert.deepEqual([denied.status, denied.source], ['denied', 'person'], "the person's run is checked like mh skills run");
    assert.equal(existsSync(join(f.workspace, '..', 'escape.md')), false);
    assert.equal(f.engine.get(state.id)?.status, 'suggested', 'nothing lost: it can still be accepted or dismissed');

    const run = await f.engine.accept(state.id, { path: 'notes.md', content: 'final\n' });
    assert.equal(run.status, 'executed');
    assert.equal(readFileSync(join(f.workspace, 'notes.md'), 'utf8'), 'final\n');
    assert.equal(f.engine.get(state.id)?.acceptedAs, run.id);
    await f.close();
  });

  it('dismissing keeps the reason as a preference, audited; a dismissed suggestion cannot be accepted', async () => {
    const f = await engineFixture(temp);
    const state = await suggestion(f);
    const dismissed = await f.engine.dismiss(state.id, '  notes go in the wiki  ');
    assert.deepEqual([dismissed.status, dismissed.rejectReason], ['dismissed', 'notes go in the wiki']);
    const entry = auditEntries(f.store).find((e) => e.type === 'approval' && e.proposal === state.id && e.action === 'dismissed');
    assert.equal(entry?.type === 'approval' && entry.reason, 'notes go in the wiki');
    const notes = await f.store.memory.list({ tag: 'preference', newestFirst: false });
    assert.equal(notes.length, 1);
    assert.match(notes[0].text, /dismissed a suggested write-file proposal .*saying: "notes go in the wiki"/);
    assert.equal(notes[0].meta?.correction, 'dismissed');
    await assert.rejects(f.engine.accept(state.id), /is dismissed/);
    assert.equal(existsSync(join(f.workspace, 'notes.md')), false);
    await f.close();
  });

  it('a dismissal lowers adaptive trust like a rejection', async () => {
    const f = await engineFixture(temp, { settings: { decisionsSuggestTrustAfter: 1 } });
    const earlier = await suggestion(f, 'idea.md');
    await f.engine.setTrust('write-file', { level: 'adaptive', ceiling: 'bounded' });
    f.clock.advance(60_000);
    const approved = await f.engine.propose(writeProposal(f, 'a.md'));
    assert.equal((await f.engine.approve(approved.id)).status, 'executed');
    assert.equal(loadPolicy(f.store.files).policy.skills['write-file']?.current, 'bounded', 'risen after a good outcome');

    f.clock.advance(60_000);
    await f.engine.dismiss(earlier.id, 'not that one');
    assert.equal(loadPolicy(f.store.files).policy.skills['write-file']?.current, 'supervised', 'dropped at once');
    assert.equal((await f.engine.propose(writeProposal(f, 'b.md'))).status, 'pending', 'it asks again');
    await f.close();
  });

  it('a suggestion expires like a pending proposal, and pausing cancels it', async () => {
    const f = await engineFixture(temp, { settings: { decisionsApprovalExpiryHours: 2 } });
    const old = await suggestion(f, 'old.md');
    f.clock.advance(2 * HOUR);
    assert.equal((await f.engine.state()).recent.find((s) => s.id === old.id)?.status, 'expired');
    await assert.rejects(f.engine.accept(old.id), /is expired/);

    const fresh = await f.engine.propose(writeProposal(f, 'fresh.md'));
    assert.deepEqual(await f.engine.pause(true), { paused: true, cancelled: 1 });
    assert.equal(f.engine.get(fresh.id)?.status, 'cancelled');
    assert.deepEqual(proposalTrail(f.store, fresh.id), ['decision', 'approval:cancelled']);
    await f.close();
  });
});

describe('trust bounded: acts alone within the policy, tells the person after', () => {
  const temp = tempDirsForSuite();

  it('an allowed action runs and calls onActedAlone once, after it ran; asked, own and previewed runs do not', async () => {
    const alone: ProposalState[] = [];
    const f = await engineFixture(temp, { ports: { onActedAlone: (s) => alone.push(s) } });
    await f.engine.setTrust('write-file', { level: 'bounded' });
    const state = await f.engine.propose(writeProposal(f));
    assert.deepEqual([state.status, state.decision.decision], ['executed', 'allow']);
    assert.deepEqual(
      alone.map((s) => [s.id, s.status, s.undo !== undefined]),
      [[state.id, 'executed', true]],
      'told once, with what undo needs',
    );
    assert.equal(readFileSync(join(f.workspace, 'notes.md'), 'utf8'), 'hello\n');

    await f.engine.runAsPerson('write-file', { path: 'mine.md', content: 'x\n' }, { workspace: f.workspace });
    await f.engine.propose({ ...writeProposal(f, 'preview.md'), dryRun: true });
    await f.engine.setTrust('write-file', { level: 'supervised' });
    await f.engine.approve((await f.engine.propose(writeProposal(f, 'asked.md'))).id);
    assert.equal(alone.length, 1, 'only what the twin did without asking');
    await f.close();
  });
});
