import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { adaptTrust, preferenceFromCorrection, suggestTrust } from '../../../src/core/decisions/decisionLearning';
import type { ProposalState, ProposalStatus, SkillTrust } from '../../../src/core/decisions/decisionTypes';
import { defaultPolicy, loadPolicy } from '../../../src/core/decisions/policy';
import { tempDirsForSuite } from '../store/storeFixtures';
import { auditEntries, engineFixture, type EngineFixture } from './decisionFixtures';

/** Set to adaptive before any of the histories below (they start at 09:00:01). */
const ADAPTIVE: SkillTrust = { enabled: true, level: 'adaptive', ceiling: 'bounded', adaptiveSince: '2025-03-04T09:00:00.000Z' };

let seq = 0;
/** A proposal as the queue folds it, with only what learning reads. */
function past(status: ProposalStatus, extra: Partial<ProposalState> = {}): ProposalState {
  seq++;
  const ts = new Date(Date.UTC(2025, 2, 4, 9, 0, seq)).toISOString();
  return {
    id: `P${String(seq).padStart(5, '0')}`,
    skill: 'task',
    args: { action: 'create', title: `task ${seq}`, project: 'web' },
    source: 'agent:organizer',
    reason: 'tidy',
    dryRun: false,
    createdAt: ts,
    expiresAt: ts,
    updatedAt: ts,
    status,
    decision: { decision: 'ask', rule: 'trust:supervised', reason: 'asks', trust: 'supervised' },
    ...extra,
  };
}
const ok = () => past('executed');
const edited = () => past('executed', { originalArgs: { action: 'create', title: 'before', project: 'web' } });

const taskProposal = (f: EngineFixture, title: string, project = 'web') => f.engine.propose({ skill: 'task', args: { action: 'create', title, project }, source: 'agent:organizer', reason: 'tidy', workspace: f.workspace });

async function approveTasks(f: EngineFixture, count: number, project = 'web'): Promise<void> {
  for (let i = 0; i < count; i++) {
    f.clock.advance(60_000);
    const state = await taskProposal(f, `task ${project} ${i}`, project);
    f.clock.advance(60_000);
    assert.equal(state.status, 'pending');
    assert.equal((await f.engine.approve(state.id)).status, 'executed');
  }
}

const currentOf = (f: EngineFixture, skill: string) => loadPolicy(f.store.files).policy.skills[skill]?.current;

describe('learning: identical approvals suggest more trust, never apply it', () => {
  const temp = tempDirsForSuite();

  it('after N identical approvals a suggestion surfaces, audited once, and the policy is unchanged', async () => {
    const f = await engineFixture(temp, { settings: { decisionsSuggestTrustAfter: 3 } });
    await approveTasks(f, 2);
    assert.deepEqual((await f.engine.state()).suggestions, [], 'two are not enough');
    await approveTasks(f, 1);
    const { suggestions } = await f.engine.state();
    assert.equal(suggestions.length, 1);
    assert.deepEqual([suggestions[0].skill, suggestions[0].from, suggestions[0].to, suggestions[0].evidence], ['task', 'supervised', 'bounded', 3]);
    assert.match(suggestions[0].reason, /approved 3 task proposals/);
    await f.engine.state();
    const announced = auditEntries(f.store).filter((e) => e.type === 'trust' && e.change === 'suggested');
    assert.equal(announced.length, 1, 'announced once');
    assert.equal(loadPolicy(f.store.files).policy.skills.task.level, 'supervised', 'never applied silently');
    assert.ok(!auditEntries(f.store).some((e) => e.type === 'trust' && e.change === 'level'));
    const next = await taskProposal(f, 'one more');
    assert.equal(next.status, 'pending', 'it still asks');
    await f.close();
  });

  it('a rejection in between starts the count again', async () => {
    const f = await engineFixture(temp, { settings: { decisionsSuggestTrustAfter: 3 } });
    await approveTasks(f, 2);
    await f.engine.reject((await taskProposal(f, 'no')).id);
    await approveTasks(f, 2);
    assert.deepEqual((await f.engine.state()).suggestions, []);
    await approveTasks(f, 1);
    assert.equal((await f.engine.state()).suggestions[0]?.evidence, 3);
    await f.close();
  });

  it('an edit in between starts the count again', () => {
    const history = [ok(), ok(), edited(), ok(), ok()];
    assert.deepEqual(suggestTrust(history, defaultPolicy(), 3), []);
    assert.equal(suggestTrust([...history, ok()], defaultPolicy(), 3)[0]?.evidence, 3);
  });

  it('suggestions the person took up unchanged count like approvals; one they changed first starts the count again', () => {
    const atSuggest = { ...defaultPolicy(), skills: { ...defaultPolicy().skills, task: { enabled: true, level: 'suggest' as const } } };
    const suggestDecision = { decision: 'ask' as const, rule: 'trust:suggest', reason: 'suggests', trust: 'suggest' as const };
    /** A suggestion taken up, and the person's own run it became (with other arguments when `args` is given). */
    const tookUp = (runStatus: ProposalStatus = 'executed', args?: Record<string, unknown>): ProposalState[] => {
      const suggestion = past('accepted', { decision: suggestDecision });
      const run = past(runStatus, { source: 'person', args: args ?? suggestion.args, decision: { decision: 'allow', rule: 'person:request', reason: 'yours', trust: 'suggest' } });
      return [{ ...suggestion, args: { ...suggestion.args, title: 'same' }, acceptedAs: run.id }, { ...run, args: args ?? { ...suggestion.args, title: 'same' } }];
    };
    const [first] = suggestTrust([...tookUp(), ...tookUp(), ...tookUp()], atSuggest, 3);
    assert.deepEqual([first?.from, first?.to, first?.evidence], ['suggest', 'supervised', 3]);
    assert.match(first?.reason ?? '', /You took up 3 task suggestions/);
    assert.deepEqual(suggestTrust([...tookUp(), ...tookUp(), ...tookUp('executed', { action: 'create', title: 'changed', project: 'web' })], atSuggest, 3), [], 'the last one was changed first');
    assert.deepEqual(suggestTrust([...tookUp(), ...tookUp(), ...tookUp('undone')], atSuggest, 3), [], 'the last one was undone');
    assert.deepEqual(suggestTrust([...tookUp(), ...tookUp(), past('dismissed', { decision: suggestDecision }), ...tookUp()], atSuggest, 3), [], 'a dismissal in between');
  });

  it('approvals of different kinds or projects are not identical', () => {
    const mixed = [ok(), past('executed', { args: { action: 'complete', id: 'T1' } }), ok(), past('executed', { args: { action: 'create', title: 'x', project: 'api' } })];
    assert.deepEqual(suggestTrust(mixed, defaultPolicy(), 3), []);
    assert.equal(suggestTrust([...mixed, ok()], defaultPolicy(), 3)[0]?.evidence, 3);
  });

  it('what ran alone or what the person ran is no evidence, and a skill at adaptive is not suggested', () => {
    const allowed = () => past('executed', { decision: { decision: 'allow', rule: 'rule:x', reason: 'ok', trust: 'bounded' } });
    assert.deepEqual(suggestTrust([allowed(), allowed(), allowed()], defaultPolicy(), 3), []);
    assert.deepEqual(suggestTrust([ok(), ok(), past('executed', { source: 'person' })], defaultPolicy(), 3), []);
    const adaptive = { ...defaultPolicy(), skills: { ...defaultPolicy().skills, task: ADAPTIVE } };
    assert.deepEqual(suggestTrust([ok(), ok(), ok()], adaptive, 3), []);
  });
});

describe('learning: corrections become preferences', () => {
  const temp = tempDirsForSuite();

  it('a rejection reason and an edit are kept as preference notes; a bare rejection is not', async () => {
    const f = await engineFixture(temp);
    await f.engine.reject((await taskProposal(f, 'Refactor the build')).id, 'never refactor on Fridays');
    await f.engine.reject((await taskProposal(f, 'Something')).id);
    const state = await taskProposal(f, 'Write docs');
    await f.engine.approve(state.id, { action: 'create', title: 'Write the API docs', project: 'web' });
    const notes = await f.store.memory.list({ tag: 'preference', newestFirst: false });
    assert.equal(notes.length, 2);
    assert.match(notes[0].text, /rejected a task proposal \(.*title "Refactor the build".*saying: "never refactor on Fridays"/);
    assert.match(notes[1].text, /edited a task proposal for project web before approving it: title "Write docs" → "Write the API docs"/);
    assert.deepEqual(
      notes.map((n) => n.meta?.correction),
      ['rejected', 'edited'],
    );
    await f.close();
  });

  it('nothing to learn from an unedited approval', () => {
    assert.equal(preferenceFromCorrection(ok()), undefined);
  });
});

describe('learning: adaptive trust', () => {
  const temp = tempDirsForSuite();

  const replay = (history: ProposalState[], trust: SkillTrust = ADAPTIVE) => adaptTrust(trust, history, 2).current;

  it('rises one level after N good outcomes, never above its ceiling, and falls at once on a failure, a rejection, a dismissed suggestion or an undo', () => {
    assert.equal(replay([ok()]), 'supervised');
    assert.equal(replay([ok(), ok()]), 'bounded');
    assert.equal(replay([ok(), ok(), ok(), ok(), ok(), ok()]), 'bounded', 'bounded is the top');
    assert.equal(replay([ok(), ok(), ok(), ok()], { ...ADAPTIVE, ceiling: 'supervised' }), 'supervised', 'the ceiling holds');
    assert.equal(replay([ok(), edited()]), 'supervised', 'an edit is no good outcome');
    for (const bad of ['failed', 'rejected', 'dismissed', 'undone'] as const) {
      assert.equal(replay([ok(), ok(), past(bad)]), 'supervised', bad);
      assert.equal(replay([ok(), ok(), past(bad), ok()]), 'supervised', `${bad}: back to counting from the start`);
    }
    assert.equal(replay([ok(), ok(), past('failed'), ok(), ok()]), 'bounded');
  });

  it('reads outcomes in the order they happened: the oldest proposal, rejected last, has the last word', () => {
    const rejectedLast = past('rejected', { updatedAt: '2025-03-04T18:00:00.000Z' });
    const later = [ok(), ok(), ok()];
    assert.equal(replay([rejectedLast, ...later]), 'supervised');
    assert.deepEqual(suggestTrust([rejectedLast, ...later], defaultPolicy(), 3), []);
    assert.equal(suggestTrust([past('rejected'), ...[ok(), ok(), ok()]], defaultPolicy(), 3)[0]?.evidence, 3, 'rejected before them, it does not count against them');
  });

  it('through the engine: N approvals raise it one level (audited), then it acts alone; a rejection drops it at once', async () => {
    const f = await engineFixture(temp, { settings: { decisionsSuggestTrustAfter: 2 } });
    await f.engine.setTrust('task', { level: 'adaptive', ceiling: 'bounded' });
    assert.equal(currentOf(f, 'task'), 'supervised');
    const waiting = await taskProposal(f, 'later');
    await approveTasks(f, 1);
    assert.equal(currentOf(f, 'task'), 'supervised', 'one is not enough');
    await approveTasks(f, 1);
    assert.equal(currentOf(f, 'task'), 'bounded');
    const raised = auditEntries(f.store).filter((e) => e.type === 'trust' && e.change === 'level' && e.from === 'supervised' && e.to === 'bounded');
    assert.equal(raised.length, 1);

    const alone = await taskProposal(f, 'on its own');
    assert.deepEqual([alone.decision.decision, alone.decision.trust, alone.status], ['allow', 'bounded', 'executed']);

    f.clock.advance(60_000);
    await f.engine.reject(waiting.id, 'not that one');
    assert.equal(currentOf(f, 'task'), 'supervised', 'dropped at once');
    assert.equal((await taskProposal(f, 'asks again')).status, 'pending');
    assert.equal(loadPolicy(f.store.files).policy.skills.task.level, 'adaptive', 'it stays adaptive');
    await f.close();
  });

  it('through the engine: a failed execution drops it at once', async () => {
    const f = await engineFixture(temp, { settings: { decisionsSuggestTrustAfter: 2 } });
    await f.engine.setTrust('shell', { level: 'adaptive' });
    for (const command of ['true', 'true']) await f.engine.approve((await f.engine.propose({ skill: 'shell', args: { command }, source: 'chat', reason: 'check', workspace: f.workspace })).id);
    assert.equal(currentOf(f, 'shell'), 'bounded');
    const failing = await f.engine.propose({ skill: 'shell', args: { command: 'false' }, source: 'chat', reason: 'check', workspace: f.workspace });
    assert.equal((await f.engine.approve(failing.id)).status, 'failed');
    assert.equal(currentOf(f, 'shell'), 'supervised');
    await f.close();
  });

  it('through the engine: an undo drops it at once', async () => {
    const f = await engineFixture(temp, { settings: { decisionsSuggestTrustAfter: 2 } });
    await f.engine.setTrust('write-file', { level: 'adaptive' });
    const ids = [];
    for (const path of ['a.md', 'b.md']) ids.push((await f.engine.approve((await f.engine.propose({ skill: 'write-file', args: { path, content: 'x\n' }, source: 'chat', reason: 'note', workspace: f.workspace })).id)).id);
    assert.equal(currentOf(f, 'write-file'), 'bounded');
    await f.engine.undo(ids[1]);
    assert.equal(currentOf(f, 'write-file'), 'supervised');
    const next = await f.engine.propose({ skill: 'write-file', args: { path: 'c.md', content: 'x\n' }, source: 'chat', reason: 'note', workspace: f.workspace });
    assert.equal(next.status, 'pending', 'it asks again right after the undo');
    await f.close();
  });

  it('a ceiling above bounded is refused naming the field', async () => {
    const f = await engineFixture(temp);
    await assert.rejects(f.engine.setTrust('task', { level: 'adaptive', ceiling: 'adaptive' }), (error: unknown) => error instanceof Error && 'field' in error && error.field === 'ceiling');
    await f.close();
  });
});
