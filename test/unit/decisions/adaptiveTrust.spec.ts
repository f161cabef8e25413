import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DecisionFeedback } from '../../../src/core/decisions/decisionFeedback';
import { adaptTrust } from '../../../src/core/decisions/decisionLearning';
import type { ProposalState, ProposalStatus, SkillTrust } from '../../../src/core/decisions/decisionTypes';
import { settleAdaptive } from '../../../src/core/decisions/effectiveTrust';
import { loadPolicy, policyProblem } from '../../../src/core/decisions/policy';
import { compareTrust, type TrustLevel } from '../../../src/core/decisions/trust';
import { tempDirsForSuite } from '../store/storeFixtures';
import { auditEntries, editPolicy, engineFixture, MORNING, type EngineFixture } from './decisionFixtures';

/** The person set the skill to adaptive at 10:00. */
const SINCE = '2025-03-04T10:00:00.000Z';
const ADAPTIVE: SkillTrust = { enabled: true, level: 'adaptive', ceiling: 'bounded', adaptiveSince: SINCE };
const THRESHOLD = 2;

/** `minutes` from 10:00 (negative: before the skill was set to adaptive). */
const at = (minutes: number) => new Date(Date.parse(SINCE) + minutes * 60_000).toISOString();

let seq = 0;
/** A proposal whose outcome (its last change) happened at `minutes`; proposed then unless `proposedAt` says earlier. */
function outcome(status: ProposalStatus, minutes: number, extra: Partial<ProposalState> & { proposedAt?: number } = {}): ProposalState {
  const { proposedAt, ...rest } = extra;
  seq++;
  return {
    id: `P${String(seq).padStart(5, '0')}`,
    skill: 'task',
    args: { action: 'create', title: `task ${seq}`, project: 'web' },
    source: 'agent:organizer',
    reason: 'tidy',
    dryRun: false,
    createdAt: at(proposedAt ?? minutes),
    expiresAt: at(24 * 60),
    updatedAt: at(minutes),
    status,
    decision: { decision: 'ask', rule: 'trust:supervised', reason: 'asks', trust: 'supervised' },
    ...rest,
  };
}
const ok = (minutes: number) => outcome('executed', minutes);

/** A suggestion taken up at `acceptedAt`, whose run (the person's own) ended as `runStatus` at `endedAt`. */
function tookUp(acceptedAt: number, runStatus: ProposalStatus, endedAt: number): ProposalState[] {
  const run = outcome(runStatus, endedAt, { proposedAt: acceptedAt, source: 'person', decision: { decision: 'allow', rule: 'person:request', reason: 'yours', trust: 'supervised' } });
  const suggestion = outcome('accepted', acceptedAt, { args: run.args, acceptedAs: run.id, decision: { decision: 'ask', rule: 'trust:suggest', reason: 'suggests', trust: 'suggest' } });
  return [suggestion, run];
}

const replay = (history: ProposalState[], trust: SkillTrust = ADAPTIVE) => adaptTrust(trust, history, THRESHOLD).current;

describe('adaptive trust counts only outcomes since the person set it', () => {
  const cases: { name: string; history: () => ProposalState[]; trust?: SkillTrust; expect: TrustLevel }[] = [
    { name: 'approvals before adaptiveSince do not count', history: () => [ok(-90), ok(-60), ok(-30), ok(5)], expect: 'supervised' },
    { name: 'N approvals after it raise one level', history: () => [ok(-60), ok(-30), ok(5), ok(6)], expect: 'bounded' },
    { name: 'an outcome exactly at adaptiveSince counts', history: () => [ok(0), ok(1)], expect: 'bounded' },
    { name: 'a proposal made before but approved after counts: its outcome is after', history: () => [outcome('executed', 5, { proposedAt: -120 }), ok(6)], expect: 'bounded' },
    { name: 'a failure after drops to the floor', history: () => [ok(1), ok(2), outcome('failed', 3)], expect: 'supervised' },
    { name: 'a rejection after drops to the floor', history: () => [ok(1), ok(2), outcome('rejected', 3)], expect: 'supervised' },
    { name: 'a dismissed suggestion after drops to the floor', history: () => [ok(1), ok(2), outcome('dismissed', 3)], expect: 'supervised' },
    { name: 'an undo after drops to the floor', history: () => [ok(1), ok(2), outcome('undone', 3)], expect: 'supervised' },
    { name: 'an undo after it, of something run before it, drops to the floor', history: () => [ok(1), ok(2), outcome('undone', 3, { proposedAt: -60 })], expect: 'supervised' },
    { name: 'a failure before it is no failure of the adaptive skill', history: () => [ok(-20), outcome('failed', -10), ok(1), ok(2)], expect: 'bounded' },
    { name: 'a suggestion taken up before it whose run is undone after it drops to the floor', history: () => [...tookUp(-60, 'undone', 3), ok(1), ok(2)], expect: 'supervised' },
    { name: 'a suggestion taken up before it whose run ended before it does not count', history: () => [...tookUp(-60, 'executed', -59), ok(1)], expect: 'supervised' },
    { name: 'the ceiling is never exceeded (bounded)', history: () => [1, 2, 3, 4, 5, 6, 7, 8].map(ok), expect: 'bounded' },
    { name: 'the ceiling is never exceeded (supervised)', history: () => [1, 2, 3, 4, 5, 6].map(ok), trust: { ...ADAPTIVE, ceiling: 'supervised' }, expect: 'supervised' },
    { name: 'a ceiling below supervised is where it stands', history: () => [1, 2, 3, 4].map(ok), trust: { ...ADAPTIVE, ceiling: 'suggest' }, expect: 'suggest' },
    { name: 'without adaptiveSince nothing counts: it stands at its floor', history: () => [-30, -20, 1, 2, 3, 4].map(ok), trust: { enabled: true, level: 'adaptive', current: 'bounded' }, expect: 'supervised' },
  ];
  for (const c of cases) it(c.name, () => assert.equal(replay(c.history(), c.trust), c.expect));

  it('moves one level at a time: no single outcome lifts it more than one level, even after a long history from before', () => {
    const history = [...[-50, -40, -30, -20, -10].map(ok), ok(1), ok(2), outcome('rejected', 3), ok(4), outcome('executed', 5, { originalArgs: { title: 'before' } }), ok(6), ok(7), ok(8), ok(9), outcome('undone', 10), ok(11), ok(12)];
    let before = replay([]);
    assert.equal(before, 'supervised', 'it starts at supervised');
    for (let k = 1; k <= history.length; k++) {
      const after = replay(history.slice(0, k));
      assert.ok(after && before && compareTrust(after, before) <= 1, `outcome ${k} moved it from ${before} to ${after}`);
      before = after;
    }
    assert.equal(before, 'bounded');
  });

  it('other levels come back unchanged', () => {
    const bounded: SkillTrust = { enabled: true, level: 'bounded', adaptiveSince: SINCE };
    assert.equal(adaptTrust(bounded, [outcome('failed', 1)], THRESHOLD), bounded);
  });
});

describe('adaptiveSince in policy.json', () => {
  it('is valid as a UTC ISO time and refused otherwise, naming the field', () => {
    const policy = (trust: SkillTrust) => ({ format: 'metahuman.policy', version: 1, skills: { task: trust }, rules: [] });
    assert.equal(policyProblem(policy(ADAPTIVE)), undefined);
    assert.match(policyProblem(policy({ ...ADAPTIVE, adaptiveSince: 'yesterday' })) ?? '', /skills\.task\.adaptiveSince/);
    assert.match(policyProblem(policy({ ...ADAPTIVE, adaptiveSince: '2025-03-04T10:00:00+02:00' })) ?? '', /adaptiveSince/);
  });

  const now = new Date(MORNING.getTime() + 3_600_000);
  const cases: { name: string; before: SkillTrust; next: SkillTrust; expect: SkillTrust }[] = [
    {
      name: 'becoming adaptive stamps now and starts at supervised',
      before: { enabled: true, level: 'supervised', current: 'bounded', adaptiveSince: SINCE },
      next: { enabled: true, level: 'adaptive', current: 'bounded', adaptiveSince: SINCE },
      expect: { enabled: true, level: 'adaptive', current: 'supervised', adaptiveSince: now.toISOString() },
    },
    {
      name: 'staying adaptive (another ceiling, enabled switched) keeps when and where it stands',
      before: { ...ADAPTIVE, current: 'bounded' },
      next: { ...ADAPTIVE, current: 'bounded', enabled: false },
      expect: { ...ADAPTIVE, current: 'bounded', enabled: false },
    },
    {
      name: 'a lower ceiling caps where it stands, and keeps when',
      before: { ...ADAPTIVE, current: 'bounded' },
      next: { ...ADAPTIVE, current: 'bounded', ceiling: 'supervised' },
      expect: { ...ADAPTIVE, current: 'supervised', ceiling: 'supervised' },
    },
    {
      name: 'an adaptive skill from an older policy gets stamped now',
      before: { enabled: true, level: 'adaptive', current: 'bounded' },
      next: { enabled: true, level: 'adaptive', current: 'bounded', ceiling: 'bounded' },
      expect: { enabled: true, level: 'adaptive', current: 'bounded', ceiling: 'bounded', adaptiveSince: now.toISOString() },
    },
    {
      name: 'leaving adaptive drops both',
      before: { ...ADAPTIVE, current: 'bounded' },
      next: { ...ADAPTIVE, current: 'bounded', level: 'supervised' },
      expect: { enabled: true, level: 'supervised', ceiling: 'bounded' },
    },
  ];
  for (const c of cases) it(`setting trust: ${c.name}`, () => assert.deepEqual(settleAdaptive(c.before, c.next, now), c.expect));
});

describe('adaptive trust through the engine', () => {
  const temp = tempDirsForSuite();
  const taskProposal = (f: EngineFixture, title: string) => f.engine.propose({ skill: 'task', args: { action: 'create', title, project: 'web' }, source: 'agent:organizer', reason: 'tidy', workspace: f.workspace });
  async function approveTasks(f: EngineFixture, count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      f.clock.advance(60_000);
      const state = await taskProposal(f, `task ${f.clock.now.getTime()}`);
      f.clock.advance(60_000);
      assert.equal(state.status, 'pending', 'it asks');
      assert.equal((await f.engine.approve(state.id)).status, 'executed');
    }
  }
  const trustOf = (f: EngineFixture) => loadPolicy(f.store.files).policy.skills.task;

  it('approvals given before the switch to adaptive do not lift it: it earns N new ones', async () => {
    const f = await engineFixture(temp, { settings: { decisionsSuggestTrustAfter: 2 } });
    await approveTasks(f, 4);
    assert.equal((await f.engine.state()).suggestions[0]?.to, 'bounded', 'the approvals suggest more trust');
    assert.equal(trustOf(f).level, 'supervised', 'but it is only suggested');
    f.clock.advance(60_000);
    await f.engine.setTrust('task', { level: 'adaptive', ceiling: 'bounded' });
    assert.equal(trustOf(f).adaptiveSince, f.clock.now.toISOString(), 'setTrust stamps when');
    await approveTasks(f, 1);
    assert.equal(trustOf(f).current, 'supervised', 'one approval since the switch is not enough');
    await approveTasks(f, 1);
    assert.equal(trustOf(f).current, 'bounded');
    await f.close();
  });

  it('an adaptive skill from an older policy (no adaptiveSince) falls to its floor on its next outcome, audited, and counts from then', async () => {
    const f = await engineFixture(temp, { settings: { decisionsSuggestTrustAfter: 2 } });
    await approveTasks(f, 3);
    editPolicy(f.store, (policy) => {
      policy.skills.task = { enabled: true, level: 'adaptive', ceiling: 'bounded', current: 'supervised' };
    });
    const feedback = new DecisionFeedback(f.store, 2);
    f.clock.advance(60_000);
    assert.equal(await feedback.adapt('task', (await f.engine.state()).recent), undefined, 'still supervised: nothing from before counts');
    assert.equal(trustOf(f).adaptiveSince, f.clock.now.toISOString(), 'counting starts now');

    editPolicy(f.store, (policy) => {
      policy.skills.task = { enabled: true, level: 'adaptive', ceiling: 'bounded', current: 'bounded' };
    });
    f.clock.advance(60_000);
    assert.equal(await feedback.adapt('task', (await f.engine.state()).recent), 'supervised');
    assert.deepEqual(trustOf(f), { enabled: true, level: 'adaptive', ceiling: 'bounded', current: 'supervised', adaptiveSince: f.clock.now.toISOString() });
    const dropped = auditEntries(f.store).filter((e) => e.type === 'trust' && e.change === 'level' && e.from === 'bounded' && e.to === 'supervised');
    assert.equal(dropped.length, 1);
    assert.match((dropped[0].type === 'trust' && dropped[0].reason) || '', /counted from now/);
    await approveTasks(f, 2);
    assert.equal(trustOf(f).current, 'bounded', 'it earns its way back on new outcomes');
    await f.close();
  });
});
