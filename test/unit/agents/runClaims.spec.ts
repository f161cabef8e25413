import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { AgentRunRecord } from '../../../src/core/agents/agentTypes';
import { RunRecords } from '../../../src/core/agents/runRecords';
import type { ProfileStore } from '../../../src/core/profile/profileStore';
import { ScriptedProvider } from '../llm/chat/scriptedProvider';
import { openTestStore, tempDirsForSuite } from '../store/storeFixtures';
import { eventually, gate, schedulerFor, testAgent } from './schedulerFixtures';

function runsOf(store: ProfileStore): AgentRunRecord[] {
  return new RunRecords(store.files, store.lock).all();
}

function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  assert.ok(child.pid);
  return child.pid;
}

const claimPath = (dir: string, agent: string) => join(dir, 'agents', 'running', `${agent}.json`);

// Two schedulers over one profile, each on its own store, stand for two processes (a window and
// `mh agents run`): the claim in the profile is all they share.
describe('one run per agent across processes (run claims)', () => {
  const makeDir = tempDirsForSuite();

  it('a run asked for in a second process waits for the run in progress elsewhere and reports it, instead of running again', async () => {
    const dir = makeDir('wait');
    const [storeA, storeB] = [await openTestStore(dir), await openTestStore(dir)];
    const release = gate();
    let runs = 0;
    let most = 0;
    let running = 0;
    const organizer = testAgent('organizer', async () => {
      runs++;
      most = Math.max(most, ++running);
      if (runs === 1) await release.promise;
      running--;
      return { outcome: 'ok', summary: `run ${runs}` };
    });
    const a = schedulerFor(storeA, [organizer]);
    const b = schedulerFor(storeB, [organizer], { claimPollMs: 20 });
    await a.start();
    assert.equal(a.trigger('organizer', 'session-end'), true);
    await eventually(() => runs === 1 && existsSync(claimPath(dir, 'organizer')), 'the leader runs the organizer and claims it');

    const progress: string[] = [];
    const asked = b.runNow('organizer', { onEvent: (e) => e.type === 'progress' && progress.push(e.message) });
    await eventually(() => progress.length > 0, 'the second process says it waits');
    assert.match(progress[0], new RegExp(`^Test organizer is already running in another window or mh \\(process ${process.pid}, since .*\\); waiting for that run to end…$`));
    assert.equal(runs, 1, 'no second run while the first runs');
    release.open();

    const reported = await asked;
    assert.equal(reported.trigger, 'session-end', 'the answer is the run of the other process');
    assert.equal(reported.summary, 'run 1');
    assert.equal(reported.outcome, 'ok');
    assert.equal(most, 1);
    assert.equal(runs, 1);
    assert.equal(existsSync(claimPath(dir, 'organizer')), false, 'the claim is released with the run');
    assert.equal((await b.runNow('organizer')).summary, 'run 2', 'once it ended, asking runs it again');
    await a.close();
    await b.close();
    await storeA.close();
    await storeB.close();
  });

  it('a scheduled or triggered run finding the agent running in another process is recorded as skipped, naming that process', async () => {
    const dir = makeDir('skip');
    const [storeA, storeB] = [await openTestStore(dir), await openTestStore(dir)];
    const release = gate();
    const ran: string[] = [];
    const ingestor = (who: string) =>
      testAgent('ingestor', async (ctx) => {
        ran.push(`${who}:${ctx.trigger}`);
        if (who === 'mh') await release.promise;
        return { outcome: 'ok', summary: `took the inbox (${who})` };
      });
    const leader = schedulerFor(storeA, [ingestor('leader')]);
    const terminal = schedulerFor(storeB, [ingestor('mh')]);
    await leader.start();
    const manual = terminal.runNow('ingestor');
    await eventually(() => ran.length === 1, 'the manual run started');

    assert.equal(leader.trigger('ingestor', 'inbox'), true);
    await eventually(() => runsOf(storeA).some((r) => r.outcome === 'skipped'), 'the inbox run is recorded');
    const skipped = runsOf(storeA).find((r) => r.outcome === 'skipped');
    assert.equal(skipped?.trigger, 'inbox');
    assert.match(skipped?.summary ?? '', new RegExp(`^Already running in process ${process.pid} \\(since .*\\); this inbox run was skipped\\.$`));
    await eventually(() => !leader.isRunning('ingestor'), 'the leader is idle again');
    assert.deepEqual(ran, ['mh:manual'], 'the leader did not take the inbox in while mh did');

    release.open();
    assert.equal((await manual).outcome, 'ok');
    assert.equal(leader.trigger('ingestor', 'inbox'), true);
    await eventually(() => ran.length === 2 && !leader.isRunning('ingestor'), 'the next inbox run runs');
    assert.deepEqual(ran, ['mh:manual', 'leader:inbox']);
    await leader.close();
    await terminal.close();
    await storeA.close();
    await storeB.close();
  });

  it('takes over the claim of a killed process at once, records that run as interrupted and counts its model calls', async () => {
    const dir = makeDir('takeover');
    const store = await openTestStore(dir);
    const dead = deadPid();
    const start = new Date(Date.now() - 60_000).toISOString();
    const killed: AgentRunRecord = { runId: 'killed-run', agent: 'reflector', trigger: 'schedule', start, outcome: 'running', modelCalls: 0, recordsWritten: 0, ids: [], pid: dead, hostname: hostname() };
    await new RunRecords(store.files, store.lock).write(killed);
    mkdirSync(join(dir, 'agents', 'running'), { recursive: true });
    // Its heartbeat is fresh: only the dead pid tells that it is gone.
    writeFileSync(claimPath(dir, 'reflector'), JSON.stringify({ runId: 'killed-run', agent: 'reflector', pid: dead, hostname: hostname(), start, heartbeat: new Date().toISOString(), modelCalls: 3 }));

    const reflector = testAgent('reflector', () => Promise.resolve({ outcome: 'ok', summary: 'reflected' }));
    const scheduler = schedulerFor(store, [reflector], { model: new ScriptedProvider([]), settings: { agentsModelCallsPerHour: 10 } });
    assert.equal(scheduler.status().modelCallsLastHour, 3, 'the killed run\'s calls count toward the hour');
    assert.equal(scheduler.status().agents[0].lastRun?.outcome, 'interrupted');
    const record = await scheduler.runNow('reflector');
    assert.equal(record.outcome, 'ok', 'it ran without waiting for the dead process');
    const old = runsOf(store).find((r) => r.runId === 'killed-run');
    assert.equal(old?.outcome, 'interrupted');
    assert.equal(old?.modelCalls, 3, 'the end line keeps the calls its claim counted');
    assert.match(old?.summary ?? '', new RegExp(`process ${dead} stopped before the run ended`));
    assert.equal(scheduler.status().modelCallsLastHour, 3, 'counted once, from its end line');
    await scheduler.close();
    await store.close();
  });

  it('takes over a claim whose heartbeat stopped long ago even though its pid lives (a reused pid)', async () => {
    const dir = makeDir('stale');
    const store = await openTestStore(dir);
    mkdirSync(join(dir, 'agents', 'running'), { recursive: true });
    const old = new Date(Date.now() - 20 * 60_000).toISOString();
    writeFileSync(claimPath(dir, 'dreamer'), JSON.stringify({ runId: 'hung-run', agent: 'dreamer', pid: process.ppid, hostname: hostname(), start: old, heartbeat: old, modelCalls: 0 }));
    const scheduler = schedulerFor(store, [testAgent('dreamer', () => Promise.resolve({ outcome: 'ok', summary: 'dreamt' }))]);
    assert.equal((await scheduler.runNow('dreamer')).summary, 'dreamt');
    await scheduler.close();
    await store.close();
  });

  it('a damaged claim file (a torn write, a hand edit) holds nothing: the run goes ahead and leaves a sound claim behind it', async () => {
    const dir = makeDir('damaged');
    const store = await openTestStore(dir);
    mkdirSync(join(dir, 'agents', 'running'), { recursive: true });
    writeFileSync(claimPath(dir, 'organizer'), '{"runId":"torn-run","pid":');
    let claimDuringRun = '';
    const organizer = testAgent('organizer', () => {
      claimDuringRun = readFileSync(claimPath(dir, 'organizer'), 'utf8');
      return Promise.resolve({ outcome: 'ok', summary: 'organized' });
    });
    const scheduler = schedulerFor(store, [organizer]);
    const record = await scheduler.runNow('organizer');
    assert.equal(record.outcome, 'ok');
    assert.equal((JSON.parse(claimDuringRun) as { runId: string }).runId, record.runId, 'the run claimed the agent over the damaged file');
    assert.equal(existsSync(claimPath(dir, 'organizer')), false, 'released after the run');
    await scheduler.close();
    await store.close();
  });

  it('does not take over a live process\'s claim that missed its heartbeats for a minute (a run held up, e.g. by a long backup)', async () => {
    const dir = makeDir('held-up');
    const store = await openTestStore(dir);
    mkdirSync(join(dir, 'agents', 'running'), { recursive: true });
    const minuteAgo = new Date(Date.now() - 60_000).toISOString();
    writeFileSync(claimPath(dir, 'sleep'), JSON.stringify({ runId: 'busy-run', agent: 'sleep', pid: process.ppid, hostname: hostname(), start: minuteAgo, heartbeat: minuteAgo, modelCalls: 0 }));
    let ran = false;
    const sleep = testAgent('sleep', () => {
      ran = true;
      return Promise.resolve({ outcome: 'ok', summary: 'slept' });
    });
    const scheduler = schedulerFor(store, [sleep]);
    await scheduler.start();
    assert.equal(scheduler.trigger('sleep', 'sleep-window'), true);
    await eventually(() => runsOf(store).some((r) => r.agent === 'sleep'), 'the run is recorded');
    assert.equal(runsOf(store)[0].outcome, 'skipped');
    assert.match(runsOf(store)[0].summary ?? '', new RegExp(`^Already running in process ${process.ppid} `));
    assert.equal(ran, false);
    await scheduler.close();
    await store.close();
  });

  it('a run asked for and cancelled while it waits for another process ends cancelled, leaving the other run alone', async () => {
    const dir = makeDir('cancel-wait');
    const [storeA, storeB] = [await openTestStore(dir), await openTestStore(dir)];
    const release = gate();
    const started = gate();
    const boredom = testAgent('boredom', async () => {
      started.open();
      await release.promise;
      return { outcome: 'ok', summary: 'thought' };
    });
    const a = schedulerFor(storeA, [boredom]);
    const b = schedulerFor(storeB, [boredom], { claimPollMs: 20 });
    const first = a.runNow('boredom');
    await started.promise;
    const stop = new AbortController();
    const waiting = b.runNow('boredom', { signal: stop.signal, onEvent: (e) => e.type === 'progress' && stop.abort() });
    const cancelled = await waiting;
    assert.equal(cancelled.outcome, 'cancelled');
    assert.match(cancelled.summary ?? '', new RegExp(`^Cancelled while waiting for the run in process ${process.pid}\\.$`));
    assert.equal(a.isRunning('boredom'), true, 'the other process\'s run goes on');
    release.open();
    assert.equal((await first).outcome, 'ok');
    await a.close();
    await b.close();
    await storeA.close();
    await storeB.close();
  });

  it('shares the hour\'s model budget between processes: calls made by one, finished or still running, reduce what the other may make', async () => {
    const dir = makeDir('budget');
    const [storeA, storeB] = [await openTestStore(dir), await openTestStore(dir)];
    const settings = { agentsModelCallsPerHour: 5 };
    const hold = gate();
    const calling = (count: number, wait?: Promise<void>) =>
      testAgent('reflector', async (ctx) => {
        assert.ok(ctx.model);
        for (let i = 0; i < count; i++) await ctx.model.complete('reflection', [{ role: 'user', content: `thought ${i}` }]);
        if (wait) await wait;
        return { outcome: 'ok', summary: `${count} thoughts` };
      });
    const replies = (n: number) => Array.from({ length: n }, (_, i) => ({ chunks: [`reply ${i}`] }));
    const providerA = new ScriptedProvider(replies(10));
    const providerB = new ScriptedProvider(replies(10));
    const a = schedulerFor(storeA, [calling(2, hold.promise)], { model: providerA, settings });
    const b = schedulerFor(storeB, [testAgent('organizer', async (ctx) => {
      assert.ok(ctx.model);
      for (let i = 0; i < 4; i++) await ctx.model.complete('organizing', [{ role: 'user', content: `sort ${i}` }]);
      return { outcome: 'ok', summary: 'sorted' };
    })], { model: providerB, settings });

    const running = a.runNow('reflector');
    await eventually(() => b.status().modelCallsLastHour === 2, 'the other process sees the 2 calls of the run still going');
    const sorted = await b.runNow('organizer');
    assert.equal(sorted.outcome, 'skipped', 'the budget of 5 had 3 left: spent before the fourth call');
    assert.equal(sorted.modelCalls, 3);
    assert.equal(providerB.requests.length, 3, 'the fourth call never reached the model');
    hold.open();
    await running;
    assert.equal(a.status().modelCallsLastHour, 5);
    assert.equal(b.status().modelCallsLastHour, 5);
    await a.close();
    await b.close();
    await storeA.close();
    await storeB.close();
  });
});
