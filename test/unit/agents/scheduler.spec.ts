import { strict as assert } from 'node:assert';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { AgentRunAudit, AuditEntry } from '../../../src/core/audit/auditEntry';
import type { AgentRunRecord, AgentTrigger } from '../../../src/core/agents/agentTypes';
import { RunRecords } from '../../../src/core/agents/runRecords';
import type { ProfileStore } from '../../../src/core/profile/profileStore';
import { ScriptedProvider } from '../llm/chat/scriptedProvider';
import { openTestStore, tempDirsForSuite } from '../store/storeFixtures';
import { eventually, gate, schedulerFor, testAgent } from './schedulerFixtures';

function agentRunAudits(store: ProfileStore): (AgentRunAudit & AuditEntry)[] {
  return store.audit
    .days()
    .flatMap((rel) => store.audit.entries(rel.slice('audit/'.length, -'.jsonl'.length)))
    .filter((e): e is AgentRunAudit & AuditEntry => e.type === 'agent_run');
}

function runsOf(store: ProfileStore): AgentRunRecord[] {
  return new RunRecords(store.files, store.lock).all();
}

describe('agent scheduler', () => {
  const makeDir = tempDirsForSuite();

  it('never runs an agent twice at once: triggers while it runs become one run after it, and a manual run waits for the running one', async () => {
    const store = await openTestStore(makeDir('overlap'));
    let running = 0;
    let most = 0;
    const triggers: AgentTrigger[] = [];
    const release = gate();
    const organizer = testAgent('organizer', async (ctx) => {
      running++;
      most = Math.max(most, running);
      triggers.push(ctx.trigger);
      if (triggers.length === 1) await release.promise;
      running--;
      return { outcome: 'ok', summary: `run ${triggers.length}` };
    });
    const scheduler = schedulerFor(store, [organizer]);
    await scheduler.start();
    assert.equal(scheduler.isLeader, true);

    assert.equal(scheduler.trigger('organizer', 'session-end'), true);
    await eventually(() => triggers.length === 1, 'the first run started');
    assert.equal(scheduler.trigger('organizer', 'idle'), true);
    assert.equal(scheduler.trigger('organizer', 'session-end'), true);
    assert.equal(scheduler.trigger('organizer', 'schedule'), true);
    const manual = scheduler.runNow('organizer');
    assert.equal(triggers.length, 1, 'no second run while the first runs');
    release.open();

    const attached = await manual;
    assert.equal(attached.trigger, 'session-end', 'the manual request waited for the run in progress');
    assert.equal(attached.summary, 'run 1');
    await eventually(() => runsOf(store).filter((r) => r.outcome === 'ok').length === 2, 'the coalesced run finished');
    await eventually(() => !scheduler.isRunning('organizer'), 'the scheduler is idle');
    assert.equal(most, 1);
    assert.deepEqual(triggers, ['session-end', 'idle'], 'three triggers during the run became one run, with the first waiting trigger');
    await scheduler.close();
    await store.close();
  });

  it('cancels a run: the run ends `cancelled` in the run records and in the audit', async () => {
    const store = await openTestStore(makeDir('cancel'));
    const started = gate();
    const reflector = testAgent('reflector', async (ctx) => {
      started.open();
      await new Promise((_resolve, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true }));
      return { outcome: 'ok', summary: 'never' };
    });
    const scheduler = schedulerFor(store, [reflector]);
    const run = scheduler.runNow('reflector');
    await started.promise;
    assert.equal(scheduler.cancel('reflector'), true);
    const record = await run;
    assert.equal(record.outcome, 'cancelled');
    assert.equal(scheduler.cancel('reflector'), false, 'nothing left to cancel');

    const stored = runsOf(store).find((r) => r.runId === record.runId);
    assert.equal(stored?.outcome, 'cancelled');
    assert.ok(stored?.end, 'the end is recorded');
    const audits = agentRunAudits(store).filter((e) => e.runId === record.runId);
    assert.deepEqual(
      audits.map((e) => [e.phase, e.outcome]),
      [
        ['start', undefined],
        ['end', 'cancelled'],
      ],
    );
    await scheduler.close();
    await store.close();
  });

  it('a stream that stops cancels the run it watches', async () => {
    const store = await openTestStore(makeDir('signal'));
    const started = gate();
    const dreamer = testAgent('dreamer', async (ctx) => {
      started.open();
      await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve, { once: true }));
      return { outcome: 'ok', summary: 'woke up early' };
    });
    const scheduler = schedulerFor(store, [dreamer]);
    const stop = new AbortController();
    const events: string[] = [];
    const run = scheduler.runNow('dreamer', { signal: stop.signal, onEvent: (e) => events.push(e.type) });
    await started.promise;
    stop.abort();
    const record = await run;
    assert.equal(record.outcome, 'cancelled', 'an agent that returns after the abort is still cancelled');
    assert.equal(record.summary, 'Cancelled: woke up early');
    assert.deepEqual(events, ['progress', 'done']);
    await scheduler.close();
    await store.close();
  });

  it('keeps the pause in the profile: a new scheduler (another window) starts paused, runs nothing scheduled, still runs manual requests', async () => {
    const dir = makeDir('pause');
    const first = await openTestStore(dir);
    const ran: AgentTrigger[] = [];
    const ingestor = testAgent('ingestor', (ctx) => {
      ran.push(ctx.trigger);
      return Promise.resolve({ outcome: 'skipped', summary: 'inbox empty' });
    });
    const a = schedulerFor(first, [ingestor]);
    assert.equal(await a.setPaused(true), true);
    await a.close();
    await first.close();

    const second = await openTestStore(dir);
    const b = schedulerFor(second, [ingestor]);
    await b.start();
    assert.equal(b.isLeader, true);
    assert.equal(b.isPaused(), true);
    assert.equal(b.status().scheduling, false);
    assert.equal(b.trigger('ingestor', 'inbox'), false, 'paused: the trigger does not run');
    assert.equal((await b.runNow('ingestor')).outcome, 'skipped');
    assert.deepEqual(ran, ['manual']);

    await b.setPaused(false);
    assert.equal(b.trigger('ingestor', 'inbox'), true);
    await eventually(() => ran.length === 2, 'the resumed trigger ran');
    assert.equal(ran[1], 'inbox');
    const pauses = second.audit
      .entries(new Date().toISOString().slice(0, 10))
      .filter((e) => e.type === 'write' && e.files?.includes('agents/paused.json'))
      .map((e) => (e.type === 'write' ? e.detail : ''));
    assert.deepEqual(pauses, ['scheduled agents paused', 'scheduled agents resumed']);
    await b.close();
    await second.close();
  });

  it('pausing cancels a scheduled run in progress but not a manual one', async () => {
    const store = await openTestStore(makeDir('pause-cancel'));
    const started = { boredom: gate(), reflector: gate() };
    const waitForAbort = (id: 'boredom' | 'reflector') =>
      testAgent(id, async (ctx) => {
        started[id].open();
        await Promise.race([new Promise((resolve) => ctx.signal.addEventListener('abort', resolve, { once: true })), new Promise((resolve) => setTimeout(resolve, 300))]);
        return { outcome: 'ok', summary: 'thought' };
      });
    const scheduler = schedulerFor(store, [waitForAbort('boredom'), waitForAbort('reflector')]);
    await scheduler.start();
    scheduler.trigger('boredom', 'idle');
    const manual = scheduler.runNow('reflector');
    await started.boredom.promise;
    await started.reflector.promise;
    await scheduler.setPaused(true);
    assert.equal((await manual).outcome, 'ok');
    await eventually(() => runsOf(store).some((r) => r.agent === 'boredom' && r.outcome === 'cancelled'), 'the idle run was cancelled');
    await scheduler.close();
    await store.close();
  });

  it('skips a run when the hour\'s model budget is spent, counting the calls of earlier runs after a restart', async () => {
    const dir = makeDir('budget');
    const store = await openTestStore(dir);
    const provider = new ScriptedProvider([{ chunks: ['one'] }, { chunks: ['two'] }, { chunks: ['three'] }]);
    const reflector = testAgent('reflector', async (ctx) => {
      assert.ok(ctx.model, 'a configured provider gives the run a model');
      for (let i = 0; i < 3; i++) await ctx.model.complete('reflection', [{ role: 'user', content: `thought ${i}` }]);
      return { outcome: 'ok', summary: 'three thoughts' };
    });
    const settings = { agentsModelCallsPerHour: 2 };
    const scheduler = schedulerFor(store, [reflector], { model: provider, settings });
    const record = await scheduler.runNow('reflector');
    assert.equal(record.outcome, 'skipped');
    assert.match(record.summary ?? '', /model-call budget \(2 per hour/);
    assert.equal(record.modelCalls, 2);
    assert.equal(provider.requests.length, 2, 'the third call never reached the model');
    const end = agentRunAudits(store).find((e) => e.runId === record.runId && e.phase === 'end');
    assert.equal(end?.outcome, 'skipped');
    assert.equal(end?.modelCalls, 2);
    await scheduler.close();
    await store.close();

    const reopened = await openTestStore(dir);
    const again = schedulerFor(reopened, [reflector], { model: provider, settings });
    assert.equal(again.status().modelCallsLastHour, 2, 'the calls of the run before the restart still count');
    assert.equal((await again.runNow('reflector')).outcome, 'skipped');
    assert.equal(provider.requests.length, 2);
    await again.close();
    await reopened.close();
  });

  it('gives no model to runs with the offline provider or a budget of 0', async () => {
    const store = await openTestStore(makeDir('no-model'));
    const seen: boolean[] = [];
    const organizer = testAgent('organizer', (ctx) => {
      seen.push(ctx.model !== undefined);
      return Promise.resolve({ outcome: 'ok', summary: 'heuristics' });
    });
    await schedulerFor(store, [organizer]).runNow('organizer');
    await schedulerFor(store, [organizer], { model: new ScriptedProvider([]), settings: { agentsModelCallsPerHour: 0 } }).runNow('organizer');
    await schedulerFor(store, [organizer], { model: new ScriptedProvider([]) }).runNow('organizer');
    assert.deepEqual(seen, [false, false, true]);
    await store.close();
  });

  it('audits every run start and end with the ids it wrote, and records a throw as an error', async () => {
    const store = await openTestStore(makeDir('audit'));
    const organizer = testAgent('organizer', async (ctx) => {
      for (const text of ['tagged a session', 'linked two notes']) {
        const record = await ctx.store.memory.append({ kind: 'note', text, source: 'test:organizer' });
        ctx.wrote(record.id);
      }
      return { outcome: 'ok', summary: 'organized 2' };
    });
    const reflector = testAgent('reflector', () => Promise.reject(new Error('the persona file is unreadable')));
    const afterRun: string[] = [];
    const scheduler = schedulerFor(store, [organizer, reflector], { afterRun: (run) => Promise.resolve(void afterRun.push(run.runId)) });
    const ok = await scheduler.runNow('organizer');
    const failed = await scheduler.runNow('reflector');

    const notes = (await store.memory.list({ kind: 'note' })).map((r) => r.id).sort();
    assert.equal(ok.outcome, 'ok');
    assert.deepEqual([...ok.ids].sort(), notes);
    assert.equal(ok.recordsWritten, 2);
    assert.deepEqual(afterRun, [ok.runId], 'only the run that wrote is made searchable');
    assert.equal(failed.outcome, 'error');
    assert.equal(failed.error, 'the persona file is unreadable');

    const audits = agentRunAudits(store);
    const okAudits = audits.filter((e) => e.runId === ok.runId);
    assert.deepEqual(okAudits.map((e) => e.phase), ['start', 'end']);
    assert.equal(okAudits[0].trigger, 'manual');
    assert.deepEqual([...(okAudits[1].ids ?? [])].sort(), notes);
    assert.equal(okAudits[1].recordsWritten, 2);
    const failedEnd = audits.find((e) => e.runId === failed.runId && e.phase === 'end');
    assert.equal(failedEnd?.outcome, 'error');
    assert.equal(failedEnd?.error, 'the persona file is unreadable');
    assert.equal(store.audit.verify().ok, true);
    await scheduler.close();
    await store.close();
  });

  it('runs another agent inside a run, and refuses to wait for itself', async () => {
    const store = await openTestStore(makeDir('nested'));
    const dreamer = testAgent('dreamer', () => Promise.resolve({ outcome: 'ok', summary: 'dreamt' }));
    let selfError = '';
    const sleep = testAgent('sleep', async (ctx) => {
      const dream = await ctx.runAgent('dreamer');
      selfError = await ctx.runAgent('sleep').then(
        () => 'no error',
        (error: Error) => error.message,
      );
      return { outcome: 'ok', summary: `dreamer ${dream.outcome}` };
    });
    const scheduler = schedulerFor(store, [dreamer, sleep]);
    const record = await scheduler.runNow('sleep');
    assert.equal(record.summary, 'dreamer ok');
    assert.match(selfError, /cannot wait for itself \(sleep → sleep\)/);
    const dream = runsOf(store).find((r) => r.agent === 'dreamer');
    assert.equal(dream?.trigger, 'agent');
    assert.equal(dream?.outcome, 'ok');
    await scheduler.close();
    await store.close();
  });

  it('keeps each agent\'s state between runs and scheduler instances', async () => {
    const dir = makeDir('state');
    const counting = testAgent('boredom', async (ctx) => {
      const count = Number((await ctx.state.get())?.count ?? 0) + 1;
      await ctx.state.set({ count });
      return { outcome: 'ok', summary: `count ${count}` };
    });
    for (const expected of ['count 1', 'count 2']) {
      const store = await openTestStore(dir);
      assert.equal((await schedulerFor(store, [counting]).runNow('boredom')).summary, expected);
      await store.close();
    }
    assert.deepEqual(JSON.parse(readFileSync(join(dir, 'agents', 'state.json'), 'utf8')), { boredom: { count: 2 } });
  });

  it('runs the schedules only while leading and enabled; manual runs work anywhere', async () => {
    const dir = makeDir('leader');
    const ran: string[] = [];
    const organizer = (who: string) =>
      testAgent(
        'organizer',
        (ctx) => {
          ran.push(`${who}:${ctx.trigger}`);
          return Promise.resolve({ outcome: 'skipped', summary: 'nothing new' });
        },
        '* * * * * *',
      );
    const leaderStore = await openTestStore(dir, { heartbeatMs: 50 });
    const followerStore = await openTestStore(dir, { heartbeatMs: 50 });
    const offStore = await openTestStore(dir, { heartbeatMs: 50 });
    const leader = schedulerFor(leaderStore, [organizer('leader')]);
    const follower = schedulerFor(followerStore, [organizer('follower')]);
    const off = schedulerFor(offStore, [organizer('off')], { settings: { agentsEnabled: false } });
    await leader.start();
    await follower.start();
    await off.start();
    assert.equal(leader.isLeader, true);
    assert.equal(follower.isLeader, false);
    assert.ok(leader.status().agents[0].nextRun, 'the leader shows the next scheduled run');
    assert.equal(follower.status().agents[0].nextRun, undefined);
    assert.equal(follower.trigger('organizer', 'session-end'), false);
    assert.equal(off.trigger('organizer', 'session-end'), false);
    await eventually(() => ran.includes('leader:schedule'), 'a scheduled run of the leader');
    assert.equal((await follower.runNow('organizer')).trigger, 'manual');
    assert.equal((await off.runNow('organizer')).trigger, 'manual');
    assert.deepEqual(
      ran.filter((r) => !r.startsWith('leader')),
      ['follower:manual', 'off:manual'],
      'while the leader leads, the others run only when asked',
    );

    await leader.close();
    await leaderStore.close();
    await eventually(() => follower.isLeader, 'the follower takes over when the leader closes');
    await eventually(() => ran.includes('follower:schedule'), 'the new leader runs the schedule');
    assert.equal(offStore.leadership.isLeader, false, 'with agents off the scheduler never competes for leadership');
    assert.ok(!ran.includes('off:schedule'));
    await follower.close();
    await off.close();
    await followerStore.close();
    await offStore.close();
  });

  it('triggers the ingestor when a file lands in the inbox, not when one leaves it', async () => {
    const dir = makeDir('inbox');
    const store = await openTestStore(dir);
    const inbox = join(dir, 'inbox');
    const taken: string[] = [];
    const ingestor = testAgent('ingestor', () => {
      // What the real ingestor does with each file: move it to done/.
      mkdirSync(join(inbox, 'done'), { recursive: true });
      for (const name of readdirSync(inbox).filter((n) => n.endsWith('.md'))) {
        renameSync(join(inbox, name), join(inbox, 'done', name));
        taken.push(name);
      }
      return Promise.resolve({ outcome: 'ok', summary: `took ${taken.length}` });
    });
    const scheduler = schedulerFor(store, [ingestor], { inboxDir: inbox, inboxDebounceMs: 50 });
    await scheduler.start();
    const inboxRuns = () => runsOf(store).filter((r) => r.trigger === 'inbox' && r.outcome === 'ok').length;
    writeFileSync(join(inbox, 'meeting.md'), '# Meeting\nWe chose SQLite.');
    await eventually(() => inboxRuns() === 1, 'the ingestor ran for the new file');
    writeFileSync(join(inbox, 'ideas.md'), '# Ideas\nA walrus compiler.');
    await eventually(() => inboxRuns() === 2 && !scheduler.isRunning('ingestor'), 'the ingestor ran for the second file');
    await scheduler.close();
    assert.deepEqual(taken, ['meeting.md', 'ideas.md']);
    assert.equal(inboxRuns(), 2, 'moving files to done/ started no run');
    await store.close();
  });
});
