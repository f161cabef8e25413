import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { MemoryRecord } from '../../../src/core/memory/record';
import { allFiles, cleanup, openTestStore, runChild, tempDir } from './storeFixtures';

const WORKERS = 4;
const PER_WORKER = 5_000;

describe('many writers at once', () => {
  const dir = tempDir('concurrency');
  after(() => cleanup(dir));

  it(`keeps every line whole and every record of ${WORKERS} processes × ${PER_WORKER} appends`, { timeout: 120_000 }, async () => {
    const seed = await openTestStore(dir); // create the profile before the race
    const before = await seed.memory.cursor();
    const children = Array.from({ length: WORKERS }, (_, w) => runChild('appendWorker.ts', [dir, String(w), String(PER_WORKER), 'quiet']));
    const codes = await Promise.all(children.map((c) => c.exit));
    assert.deepEqual(codes, Array(WORKERS).fill(0), 'every writer finished');

    // Every line of every memory file parses, and ids increase strictly in file order.
    const seen = new Map<string, Set<number>>();
    let total = 0;
    for (const rel of allFiles(dir).filter((f) => f.startsWith('memory/episodic/'))) {
      const text = readFileSync(join(dir, rel), 'utf8');
      assert.ok(text.endsWith('\n'), `${rel} ends with a whole line`);
      let lastId = '';
      for (const [i, line] of text.split('\n').slice(1, -1).entries()) {
        const record = JSON.parse(line) as MemoryRecord; // throws on an interleaved line
        assert.ok(record.id > lastId, `${rel} line ${i + 2}: ids increase`);
        lastId = record.id;
        const meta = record.meta as { worker: string; seq: number };
        const set = seen.get(meta.worker) ?? new Set<number>();
        assert.ok(!set.has(meta.seq), `worker ${meta.worker} record ${meta.seq} appears once`);
        set.add(meta.seq);
        seen.set(meta.worker, set);
        total++;
      }
    }
    assert.equal(total, WORKERS * PER_WORKER);
    for (let w = 0; w < WORKERS; w++) assert.equal(seen.get(String(w))?.size, PER_WORKER, `worker ${w} lost nothing`);

    // The parent's change feed sees what the other processes wrote, and every write was audited.
    const batch = await seed.memory.readChanges(before);
    assert.equal(batch.changes.filter((c) => c.type === 'upsert').length, WORKERS * PER_WORKER);
    const report = seed.audit.verify();
    assert.ok(report.ok, JSON.stringify(report.firstBreak));
    assert.equal(report.entries, WORKERS * PER_WORKER + 1); // + the persona created on first open
    await seed.close();
  });
});
