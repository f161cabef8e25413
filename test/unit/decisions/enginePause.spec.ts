import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { writeAutonomyPausedLocked } from '../../../src/core/decisions/autonomySwitch';
import { STOPPED_BY_PAUSE } from '../../../src/core/decisions/decisionEngine';
import type { SkillCatalog } from '../../../src/core/decisions/proposalCheck';
import type { ProfileStore } from '../../../src/core/profile/profileStore';
import { SkillRegistry } from '../../../src/core/skills/skillRegistry';
import type { SkillExecutor, SkillPorts } from '../../../src/core/skills/skillTypes';
import { tempDirsForSuite } from '../store/storeFixtures';
import { auditEntries, engineFixture, type EngineFixture } from './decisionFixtures';

/** The built-in skills, with one skill's executor wrapped. */
function catalogWith(id: string, wrap: (executor: SkillExecutor) => SkillExecutor): SkillCatalog {
  const registry = SkillRegistry.load();
  return {
    list: () => registry.list(),
    get: (name) => {
      const skill = registry.get(name);
      return skill && name === id ? { ...skill, executor: wrap(skill.executor) } : skill;
    },
    validateArgs: (name, args) => registry.validateArgs(name, args),
  };
}

/** Another window pauses autonomy while this engine is between its check and its record (during the preview). */
function pauseDuringPreview(store: () => ProfileStore): (executor: SkillExecutor) => SkillExecutor {
  return (executor) => ({
    ...executor,
    async preview(args, ctx) {
      const preview = await executor.preview(args, ctx);
      await store().lock.withLock('other window', () => writeAutonomyPausedLocked(store().files, true, 'cli'));
      return preview;
    },
  });
}

/** A notify port that hangs until released, telling when it started. */
function hangingNotify(): { ports: SkillPorts; started: Promise<void>; release(): void; shown: string[] } {
  let markStarted!: () => void;
  let release!: () => void;
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  const shown: string[] = [];
  return {
    started,
    release,
    shown,
    ports: {
      notify: async (message) => {
        markStarted();
        await released;
        shown.push(message);
      },
    },
  };
}

const sayHi = { skill: 'notify', args: { message: 'hi' }, source: 'chat', reason: 'say hi' } as const;

describe('decision engine: a pause that lands mid-way still stops the twin', () => {
  const temp = tempDirsForSuite();

  it('a pause between the check and the record denies an action the policy allowed alone', async () => {
    const shown: string[] = [];
    const f: EngineFixture = await engineFixture(temp, { skills: catalogWith('notify', pauseDuringPreview(() => f.store)), ports: { skills: { notify: (m) => Promise.resolve(void shown.push(m)) } } });
    await f.engine.setTrust('notify', { level: 'bounded' });
    const state = await f.engine.propose(sayHi);
    assert.deepEqual([state.status, state.decision.rule], ['denied', 'autonomy:paused']);
    assert.deepEqual(shown, [], 'nothing ran');
    const decision = auditEntries(f.store).find((e) => e.type === 'decision' && e.proposal === state.id);
    assert.deepEqual(decision?.type === 'decision' && [decision.decision, decision.rule], ['deny', 'autonomy:paused']);
    await f.close();
  });

  it('a pause between the re-check at approval and the approval denies it', async () => {
    const shown: string[] = [];
    let armed = false;
    const wrap = pauseDuringPreview(() => f.store);
    const f: EngineFixture = await engineFixture(temp, {
      skills: catalogWith('notify', (executor) => {
        const pausing = wrap(executor);
        return { ...executor, preview: (args, ctx) => (armed ? pausing.preview(args, ctx) : executor.preview(args, ctx)) };
      }),
      ports: { skills: { notify: (m) => Promise.resolve(void shown.push(m)) } },
    });
    const state = await f.engine.propose(sayHi);
    assert.equal(state.status, 'pending');
    armed = true;
    const approved = await f.engine.approve(state.id);
    assert.deepEqual([approved.status, approved.decision.rule], ['denied', 'autonomy:paused']);
    assert.deepEqual(shown, []);
    await f.close();
  });

  it("the person's own run is not stopped by a pause mid-way", async () => {
    const shown: string[] = [];
    const f: EngineFixture = await engineFixture(temp, { skills: catalogWith('notify', pauseDuringPreview(() => f.store)), ports: { skills: { notify: (m) => Promise.resolve(void shown.push(m)) } } });
    const state = await f.engine.runAsPerson('notify', { message: 'mine' });
    assert.equal(state.status, 'executed');
    assert.deepEqual(shown, ['mine']);
    await f.close();
  });
});

describe('decision engine: pausing stops the twin’s running executions', () => {
  const temp = tempDirsForSuite();

  it('an execution the twin started is stopped and recorded as failed: stopped, autonomy paused', async () => {
    const hang = hangingNotify();
    const f = await engineFixture(temp, { ports: { skills: hang.ports } });
    await f.engine.setTrust('notify', { level: 'bounded' });
    const running = f.engine.propose(sayHi);
    await hang.started;
    await f.engine.pause(true);
    const state = await running;
    assert.deepEqual([state.status, state.error], ['failed', STOPPED_BY_PAUSE]);
    const execution = auditEntries(f.store).find((e) => e.type === 'skill_execution' && e.proposal === state.id);
    assert.deepEqual(execution?.type === 'skill_execution' && [execution.outcome, execution.error], ['error', STOPPED_BY_PAUSE]);
    hang.release();
    await f.close();
  });

  it('an approved proposal running when paused is stopped too', async () => {
    const hang = hangingNotify();
    const f = await engineFixture(temp, { ports: { skills: hang.ports } });
    const pending = await f.engine.propose(sayHi);
    const running = f.engine.approve(pending.id);
    await hang.started;
    await f.engine.pause(true);
    assert.deepEqual([(await running).status, (await running).error], ['failed', STOPPED_BY_PAUSE]);
    hang.release();
    await f.close();
  });

  it("the person's own run goes on to the end", async () => {
    const hang = hangingNotify();
    const f = await engineFixture(temp, { ports: { skills: hang.ports } });
    const running = f.engine.runAsPerson('notify', { message: 'mine' });
    await hang.started;
    await f.engine.pause(true);
    hang.release();
    const state = await running;
    assert.equal(state.status, 'executed');
    assert.deepEqual(hang.shown, ['mine']);
    await f.close();
  });
});
