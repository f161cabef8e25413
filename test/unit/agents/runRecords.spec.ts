import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { AgentId, AgentRunRecord } from '../../../src/core/agents/agentTypes';
import { RUNS_FILE, RunRecords } from '../../../src/core/agents/runRecords';
import { openTestStore, readLines, tempDirsForSuite } from '../store/storeFixtures';

function started(runId: string, agent: AgentId, start: string): AgentRunRecord {
  return { runId, agent, trigger: 'schedule', start, outcome: 'running', modelCalls: 0, recordsWritten: 0, ids: [] };
}

/** `n` minutes ago, as ISO: runs still going must look recent. */
const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();

/** The pid of a process that has exited (and so does not exist). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  assert.ok(child.pid);
  return child.pid;
}

function ended(run: AgentRunRecord, end: string, fields: Partial<AgentRunRecord> = {}): AgentRunRecord {
  return { ...run, end, outcome: 'ok', summary: 'done', ...fields };
}

describe('agent run records', () => {
  const makeDir = tempDirsForSuite();

  it('folds each run\'s start and end into its latest state, newest first, with the last run of each agent', async () => {
    const store = await openTestStore(makeDir('fold'));
    const records = new RunRecords(store.files, store.lock);
    const a = started('run-a', 'organizer', minutesAgo(5));
    const b = started('run-b', 'reflector', minutesAgo(4));
    const c = started('run-c', 'organizer', minutesAgo(3));
    await records.write(a);
    await records.write(b);
    await records.write(ended(a, minutesAgo(2), { recordsWritten: 2, ids: ['01J00000000000000000000001', '01J00000000000000000000002'] }));
    await records.write(c);
    await records.write(ended(b, minutesAgo(1), { outcome: 'error', error: 'boom' }));

    assert.deepEqual(
      records.recent(10).map((r) => [r.runId, r.outcome]),
      [
        ['run-c', 'running'],
        ['run-b', 'error'],
        ['run-a', 'ok'],
      ],
    );
    assert.deepEqual(records.recent(1).map((r) => r.runId), ['run-c']);
    const last = records.lastByAgent();
    assert.equal(last.get('organizer')?.runId, 'run-c');
    assert.equal(last.get('reflector')?.error, 'boom');
    assert.equal(last.has('dreamer'), false);
    assert.equal(records.all().find((r) => r.runId === 'run-a')?.recordsWritten, 2);
    await store.close();
  });

  it('skips a torn last line and damaged lines, and keeps appending after them', async () => {
    const dir = makeDir('torn');
    const store = await openTestStore(dir);
    const records = new RunRecords(store.files, store.lock);
    const a = started('run-a', 'ingestor', '2026-11-20T10:00:00.000Z');
    await records.write(a);
    await records.write(ended(a, '2026-11-20T10:00:05.000Z'));
    const path = join(dir, RUNS_FILE);
    appendFileSync(path, 'this is not json\n{"runId":"run-x","agent":"nobody","start":"x","outcome":"ok"}\n');
    appendFileSync(path, '{"runId":"run-torn","agent":"ingestor","start":"2026-11-20T10:01:00.000Z","outc');

    assert.deepEqual(
      records.all().map((r) => [r.runId, r.outcome]),
      [['run-a', 'ok']],
    );
    const b = started('run-b', 'ingestor', '2026-11-20T10:02:00.000Z');
    await records.write(b);
    assert.deepEqual(
      records.all().map((r) => r.runId),
      ['run-a', 'run-b'],
    );
    assert.ok(readFileSync(path, 'utf8').endsWith(`${JSON.stringify(b)}\n`), 'the new line starts on a line of its own');
    await store.close();
  });

  it('stays bounded: past the size limit only the newest lines are kept', async () => {
    const dir = makeDir('bounded');
    const store = await openTestStore(dir);
    const records = new RunRecords(store.files, store.lock, { maxBytes: 4_000, keepLines: 5 });
    for (let i = 0; i < 40; i++) await records.write(started(`run-${String(i).padStart(2, '0')}`, 'boredom', `2026-11-20T10:${String(i).padStart(2, '0')}:00.000Z`));
    const path = join(dir, RUNS_FILE);
    assert.ok(statSync(path).size <= 4_000, 'the file was trimmed');
    const kept = records.all().map((r) => r.runId);
    assert.equal(kept.at(-1), 'run-39', 'the newest run is kept');
    assert.ok(kept.length >= 5 && kept.length < 40, `kept ${kept.length}`);
    assert.match(readLines(path)[0], /"format":"metahuman.agent-runs"/, 'the rewritten file keeps its header');
    await store.close();
  });

  it('tells when the model calls of the last hour happened, for the budget after a restart', async () => {
    const store = await openTestStore(makeDir('calls'));
    const records = new RunRecords(store.files, store.lock);
    const old = started('old', 'reflector', '2026-11-20T08:00:00.000Z');
    const recent = started('recent', 'reflector', '2026-11-20T09:40:00.000Z');
    await records.write(ended(old, '2026-11-20T08:01:00.000Z', { modelCalls: 5 }));
    await records.write(ended(recent, '2026-11-20T09:41:00.000Z', { modelCalls: 3 }));
    const since = Date.parse('2026-11-20T09:00:00.000Z');
    assert.deepEqual([...records.callsByRun(since)], [['recent', { at: Date.parse('2026-11-20T09:41:00.000Z'), calls: 3, finished: true }]]);
    await store.close();
  });

  it('reads a run whose process is gone as interrupted, and one whose process lives as running', async () => {
    const dir = makeDir('interrupted');
    const store = await openTestStore(dir);
    const records = new RunRecords(store.files, store.lock);
    const here = { hostname: hostname() };
    const dead = deadPid();
    await records.write({ ...started('killed', 'ingestor', minutesAgo(2)), ...here, pid: dead });
    await records.write({ ...started('alive', 'organizer', minutesAgo(2)), ...here, pid: process.pid });
    // Elsewhere, its pid cannot be checked: running until it is implausibly old.
    await records.write({ ...started('remote', 'dreamer', minutesAgo(2)), hostname: 'another-machine', pid: dead });
    await records.write({ ...started('ancient', 'boredom', minutesAgo(7 * 60)), hostname: 'another-machine', pid: dead });
    // A claim with a fresh heartbeat keeps an old run running; a stale one does not.
    await records.write({ ...started('long', 'sleep', minutesAgo(7 * 60)), hostname: 'another-machine', pid: 4242 });
    await records.write({ ...started('silent', 'reflector', minutesAgo(2)), hostname: 'another-machine', pid: 4242 });
    mkdirSync(join(dir, 'agents', 'running'), { recursive: true });
    const claim = (runId: string, agent: AgentId, heartbeat: string) => writeFileSync(join(dir, 'agents', 'running', `${agent}.json`), JSON.stringify({ runId, agent, pid: 4242, hostname: 'another-machine', start: minutesAgo(7 * 60), heartbeat, modelCalls: 0 }));
    claim('long', 'sleep', new Date().toISOString());
    claim('silent', 'reflector', minutesAgo(5));

    const outcomes = Object.fromEntries(records.all().map((r) => [r.runId, r.outcome]));
    assert.deepEqual(outcomes, { killed: 'interrupted', alive: 'running', remote: 'running', ancient: 'interrupted', long: 'running', silent: 'interrupted' });
    assert.match(records.find('killed')?.summary ?? '', new RegExp(`^Interrupted: the process ${dead} stopped before the run ended`));
    assert.equal(records.lastByAgent().get('ingestor')?.outcome, 'interrupted', 'the agents view and mh agents list show it interrupted');
    await store.close();
  });

  it('keeps counting model calls as lines are appended, and after the file is trimmed', async () => {
    const dir = makeDir('calls-tail');
    const store = await openTestStore(dir);
    const records = new RunRecords(store.files, store.lock, { maxBytes: 3_000, keepLines: 4 });
    const since = Date.now() - 3_600_000;
    const total = () => [...records.callsByRun(since).values()].filter((r) => r.finished).reduce((n, r) => n + r.calls, 0);
    const run = (i: number) => started(`run-${i}`, 'reflector', minutesAgo(30));
    await records.write(run(0));
    assert.equal(total(), 0, 'a run still going has no final count');
    await records.write(ended(run(0), minutesAgo(29), { modelCalls: 2 }));
    assert.equal(total(), 2);
    await records.write(ended(run(1), minutesAgo(28), { modelCalls: 3 }));
    await records.write(ended(started('old', 'reflector', minutesAgo(120)), minutesAgo(119), { modelCalls: 7 }));
    assert.equal(total(), 5, 'calls older than the hour do not count');
    for (let i = 2; i < 30; i++) await records.write(ended(run(i), minutesAgo(20), { modelCalls: 1 }));
    const kept = records.all();
    assert.ok(kept.length < 30, 'the file was trimmed');
    const expected = kept.filter((r) => r.outcome === 'ok' && Date.parse(r.end ?? '') > since).reduce((n, r) => n + r.modelCalls, 0);
    assert.equal(total(), expected, 'after the trim the count is that of the lines kept');
    await records.write(ended(run(30), minutesAgo(10), { modelCalls: 4 }));
    assert.equal(total(), expected + 4, 'and lines appended after the trim are counted');
    await store.close();
  });
});
