import { strict as assert } from 'node:assert';
import { appendFileSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { AgentId, AgentRunRecord } from '../../../src/core/agents/agentTypes';
import { RUNS_FILE, RunRecords } from '../../../src/core/agents/runRecords';
import { openTestStore, readLines, tempDirsForSuite } from '../store/storeFixtures';

function started(runId: string, agent: AgentId, start: string): AgentRunRecord {
  return { runId, agent, trigger: 'schedule', start, outcome: 'running', modelCalls: 0, recordsWritten: 0, ids: [] };
}

function ended(run: AgentRunRecord, end: string, fields: Partial<AgentRunRecord> = {}): AgentRunRecord {
  return { ...run, end, outcome: 'ok', summary: 'done', ...fields };
}

describe('agent run records', () => {
  const makeDir = tempDirsForSuite();

  it('folds each run\'s start and end into its latest state, newest first, with the last run of each agent', async () => {
    const store = await openTestStore(makeDir('fold'));
    const records = new RunRecords(store.files, store.lock);
    const a = started('run-a', 'organizer', '2026-11-20T10:00:00.000Z');
    const b = started('run-b', 'reflector', '2026-11-20T10:01:00.000Z');
    const c = started('run-c', 'organizer', '2026-11-20T10:02:00.000Z');
    await records.write(a);
    await records.write(b);
    await records.write(ended(a, '2026-11-20T10:03:00.000Z', { recordsWritten: 2, ids: ['01J00000000000000000000001', '01J00000000000000000000002'] }));
    await records.write(c);
    await records.write(ended(b, '2026-11-20T10:04:00.000Z', { outcome: 'error', error: 'boom' }));

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
    assert.deepEqual(records.modelCallTimesSince(since), [1, 2, 3].map(() => Date.parse('2026-11-20T09:41:00.000Z')));
    await store.close();
  });
});
