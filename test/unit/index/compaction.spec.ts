import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { Database } from 'node-sqlite3-wasm';
import { MemoryIndex } from '../../../src/core/index/memoryIndex';
import type { SearchResult } from '../../../src/core/index/indexSearch';
import { aMemory, InMemoryMemoryLog } from './memoryFixtures';

const NOW = new Date('2024-06-01T12:00:00Z');
const QUERIES = ['parser bug', 'cache decision', 'meeting alice', 'tokenizer tests', 'deploy script'];
const ids = (r: SearchResult) => r.hits.map((h) => h.id);

function seed(log: InMemoryMemoryLog, count: number): string[] {
  const topics = ['parser bug', 'cache decision', 'meeting with alice', 'release notes', 'tokenizer tests', 'deploy script'];
  return Array.from({ length: count }, (_, i) =>
    log.appendSync(aMemory({ text: `${topics[i % topics.length]} number ${i}`, ts: new Date(Date.UTC(2024, 4, 1) + i * 3_600_000).toISOString() })).id,
  );
}

describe('memory index compaction', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'mh-index-compact-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));
  const dir = () => join(root, 'index');
  const open = (log: InMemoryMemoryLog) => MemoryIndex.open({ dir: dir(), feed: log, now: () => NOW });

  it('drops the empty vector rows of forgotten records, and answers every search as before, also after reopening', async () => {
    const log = new InMemoryMemoryLog();
    const all = seed(log, 120);
    const index = await open(log);
    for (const id of all.filter((_, i) => i % 2 === 0)) await log.forget(id);
    await index.sync();
    const before = await Promise.all(QUERIES.map((q) => index.search({ query: q, k: 20 })));
    const vectorsBefore = statSync(join(dir(), 'vectors.bin')).size;

    const report = await index.compact();

    assert.equal(report.vectorRowsDropped, 60);
    assert.equal(report.vacuumSkipped, undefined);
    assert.ok(report.bytesAfter < report.bytesBefore, `${report.bytesBefore} → ${report.bytesAfter}`);
    assert.ok(statSync(join(dir(), 'vectors.bin')).size < vectorsBefore * 0.6, 'the vector file lost its holes');
    const after = await Promise.all(QUERIES.map((q) => index.search({ query: q, k: 20 })));
    assert.deepEqual(after.map(ids), before.map(ids));
    assert.equal((await index.compact()).vectorRowsDropped, 0, 'nothing left to drop');
    const added = log.appendSync(aMemory({ text: 'zebra crossing near the office', ts: '2024-05-31T10:00:00Z' }));
    await index.sync();
    assert.equal((await index.search('zebra crossing')).hits[0]?.id, added.id, 'new records get a slot after the compacted rows');
    await index.close();

    const reads = log.readCount;
    const again = await open(log);
    try {
      assert.equal(again.status().rebuiltBecause, undefined);
      assert.equal(log.readCount - reads, 1, 'no re-embedding or rebuild after a compaction');
      assert.equal(again.status().embedded, 61);
      const reopened = await Promise.all(QUERIES.map((q) => again.search({ query: q, k: 20 })));
      assert.deepEqual(reopened.map(ids), before.map(ids));
    } finally {
      await again.close();
    }
  });

  it('a compaction interrupted between the database and the vector file re-embeds instead of pairing vectors with the wrong records', async () => {
    const log = new InMemoryMemoryLog();
    const all = seed(log, 60);
    const index = await open(log);
    const expected = ids(await index.search({ query: 'tokenizer tests', k: 10 }));
    await index.close();
    // What a crash after the database took the new slot numbers, before the new vector file was in place, leaves.
    const db = new Database(join(dir(), 'memory.sqlite'));
    db.run("INSERT INTO meta (key, value) VALUES ('vector_layout', '1') ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    db.run('UPDATE records SET slot = slot + 1000 WHERE slot IS NOT NULL');
    db.run('UPDATE records SET slot = slot - 1001 WHERE slot IS NOT NULL');
    db.close();
    writeFileSync(join(dir(), 'vectors.bin.compact'), 'half-written');

    const again = await open(log);
    try {
      await again.whenIdle();
      assert.equal(existsSync(join(dir(), 'vectors.bin.compact')), false, 'the unfinished file is removed');
      assert.equal(again.status().embedded, all.length);
      assert.deepEqual(ids(await again.search({ query: 'tokenizer tests', k: 10 })), expected);
    } finally {
      await again.close();
    }
  });
});
