import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ACTIVITY_WRITE_EVERY_MS, createActivityClock, recordActivity } from '../../../src/core/agents/activityClock';
import type { NewMemoryRecord } from '../../../src/core/memory/memoryLog';
import { openTestStore, tempDirsForSuite } from '../store/storeFixtures';

const makeDir = tempDirsForSuite();
const T0 = Date.parse('2024-06-03T09:00:00.000Z');
const minutes = (n: number) => n * 60_000;

function captured(ts: number, extra: Partial<NewMemoryRecord> = {}): NewMemoryRecord {
  return { kind: 'event', ts: new Date(ts).toISOString(), text: 'Edited src/app.ts (+3/-1 lines)', source: 'vscode:editor', tags: ['capture', 'edit'], ...extra };
}

describe('activity clock', () => {
  it('knows no activity in a fresh profile', async () => {
    const dir = makeDir('activity');
    const store = await openTestStore(dir);
    assert.equal(await createActivityClock(dir).lastActivity(), undefined);
    await store.close();
  });

  it('takes the latest activity any window noted', async () => {
    const dir = makeDir('activity');
    assert.equal(recordActivity(dir, 'window A', T0), true);
    assert.equal(recordActivity(dir, 'window B', T0 + minutes(5)), true);
    assert.deepEqual(await createActivityClock(dir).lastActivity(), new Date(T0 + minutes(5)));
    assert.equal(readdirSync(join(dir, 'capture')).filter((n) => n.startsWith('activity-')).length, 2, 'one file per window');
  });

  it('writes a window at most every 30 seconds and never moves its time back', async () => {
    const dir = makeDir('activity');
    const clock = createActivityClock(dir);
    assert.equal(recordActivity(dir, 'w', T0), true);
    assert.equal(recordActivity(dir, 'w', T0 + ACTIVITY_WRITE_EVERY_MS - 1), false);
    assert.deepEqual(await clock.lastActivity(), new Date(T0));
    assert.equal(recordActivity(dir, 'w', T0 - minutes(10)), false);
    assert.equal(recordActivity(dir, 'w', T0 + ACTIVITY_WRITE_EVERY_MS), true);
    assert.deepEqual(await clock.lastActivity(), new Date(T0 + ACTIVITY_WRITE_EVERY_MS));
  });

  it('reads the newest captured event (its burst end) from the log, not replayed history', async () => {
    const dir = makeDir('activity');
    const store = await openTestStore(dir);
    const clock = createActivityClock(dir);
    await store.memory.append(captured(T0, { meta: { endTs: new Date(T0 + minutes(2)).toISOString() } }));
    assert.deepEqual(await clock.lastActivity(), new Date(T0 + minutes(2)));
    await store.memory.append(captured(T0 + minutes(600), { source: 'replay:git', text: 'Committed "future"' }));
    await store.memory.append({ kind: 'note', text: 'a note written later says nothing about the editor', source: 'cli:note', ts: new Date(T0 + minutes(700)).toISOString() });
    assert.deepEqual(await clock.lastActivity(), new Date(T0 + minutes(2)));
    recordActivity(dir, 'w', T0 + minutes(1));
    assert.deepEqual(await clock.lastActivity(), new Date(T0 + minutes(2)), 'the later of the two sources wins');
    await store.memory.append(captured(T0 + minutes(30)));
    assert.deepEqual(await clock.lastActivity(), new Date(T0 + minutes(30)), 'a new event is seen at once');
    await store.close();
  });

  it('finds the last event behind much other writing at the end of the log', async () => {
    const dir = makeDir('activity');
    const store = await openTestStore(dir);
    await store.memory.append(captured(T0));
    const filler = 'x'.repeat(2_000);
    await store.memory.appendMany(Array.from({ length: 80 }, (_, i) => ({ kind: 'note' as const, text: `${i} ${filler}`, source: 'agent:ingestor' })));
    assert.deepEqual(await createActivityClock(dir).lastActivity(), new Date(T0));
    await store.close();
  });
});
