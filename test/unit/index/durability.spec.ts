import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { Database } from 'node-sqlite3-wasm';
import { createLexicalEmbedder } from '../../../src/core/index/lexicalEmbedder';
import { MemoryIndex, type IndexProgress } from '../../../src/core/index/memoryIndex';
import type { SearchResult } from '../../../src/core/index/indexSearch';
import { aMemory, InMemoryMemoryLog } from './memoryFixtures';

const NOW = new Date('2024-06-01T12:00:00Z');
const QUERIES = ['parser bug', 'cache decision', 'meeting alice', 'release notes last month', 'tokenizer', 'on 2024-05-20'];

function seed(log: InMemoryMemoryLog, from: number, count: number): void {
  const topics = ['parser bug', 'cache decision', 'meeting with alice', 'release notes', 'tokenizer tests', 'deploy script'];
  for (let i = from; i < from + count; i++) {
    log.appendSync(aMemory({
      text: `${topics[i % topics.length]} number ${i} ${i % 3 ? 'fixed' : 'discussed'}`,
      ts: new Date(Date.UTC(2024, 4, 1) + i * 3_600_000 * 5).toISOString(),
      project: i % 4 ? 'mh' : 'other',
      meta: { files: [`src/file${i % 5}.ts`] },
    }));
  }
}

/** What a search returns, minus timings: ids, scores and the parts that explain them. */
const essence = (r: SearchResult) => r.hits.map((h) => ({ id: h.id, score: h.score, text: h.text, parts: h.parts }));

describe('memory index durability', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'mh-index-dur-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const open = (log: InMemoryMemoryLog, name = 'index', extra: Partial<Parameters<typeof MemoryIndex.open>[0]> = {}) =>
    MemoryIndex.open({ dir: join(root, name), feed: log, now: () => NOW, ...extra });

  it('drops a forgotten record from results at once', async () => {
    const log = new InMemoryMemoryLog();
    seed(log, 0, 30);
    const secret = log.appendSync(aMemory({ text: 'the wifi password is hunter2', ts: '2024-05-30T10:00:00Z' }));
    const index = await open(log);
    try {
      assert.equal((await index.search('wifi password')).hits[0].id, secret.id);
      await log.forget(secret.id);
      await index.sync();
      const after = await index.search({ query: 'wifi password hunter2', k: 50 });
      assert.ok(!after.hits.some((h) => h.id === secret.id));
      assert.equal(index.status().records, 30);
      assert.equal(index.status().embedded, 30);
    } finally {
      await index.close();
    }
  });

  it('erases a forgotten record\'s words from the index files, not only from results', async () => {
    const log = new InMemoryMemoryLog();
    seed(log, 0, 10);
    const secret = log.appendSync(aMemory({ text: 'zanzibarquux launch codes' }));
    const index = await open(log);
    await log.forget(secret.id);
    await index.sync();
    await index.close();
    const sqlite = readFileSync(join(root, 'index', 'memory.sqlite'));
    assert.equal(sqlite.includes('launch codes'), false, 'record JSON overwritten (secure_delete)');
  });

  it('applies edits: corrected text and new tags are searchable, the old text is not', async () => {
    const log = new InMemoryMemoryLog();
    seed(log, 0, 20);
    const typo = log.appendSync(aMemory({ text: 'Renamed the flimflam module' }));
    const index = await open(log);
    try {
      await log.edit(typo.id, { op: 'correct_text', text: 'Renamed the scheduler module' });
      await log.edit(typo.id, { op: 'tag', add: ['rename'] });
      await index.sync();
      assert.equal((await index.search('scheduler')).hits[0].id, typo.id);
      assert.ok(!(await index.search({ query: 'flimflam', k: 50 })).hits.some((h) => h.text.includes('flimflam')));
      assert.deepEqual((await index.search({ query: 'module', filters: { tag: 'rename' } })).hits.map((h) => h.id), [typo.id]);
    } finally {
      await index.close();
    }
  });

  it('gives the same results rebuilt from the logs as built incrementally', async () => {
    const log = new InMemoryMemoryLog();
    const incremental = await open(log, 'incremental');
    const progress: IndexProgress[] = [];
    try {
      seed(log, 0, 40);
      await incremental.sync();
      const victims = log.records().filter((_, i) => i % 7 === 0);
      for (const v of victims) await log.forget(v.id);
      const edited = log.records()[3];
      await log.edit(edited.id, { op: 'correct_text', text: 'cache decision revisited after the parser bug' });
      await log.edit(log.records()[5].id, { op: 'set_importance', importance: 9 });
      await incremental.sync();
      seed(log, 40, 25);
      await incremental.sync();
      const rebuilt = await open(log, 'rebuilt', { onProgress: (p) => progress.push(p), batchSize: 16 });
      try {
        await rebuilt.whenIdle();
        assert.equal(rebuilt.status().rebuiltBecause, 'no index yet');
        assert.deepEqual(rebuilt.status().records, incremental.status().records);
        for (const query of QUERIES) {
          assert.deepEqual(essence(await rebuilt.search({ query, k: 15 })), essence(await incremental.search({ query, k: 15 })), query);
        }
      } finally {
        await rebuilt.close();
      }
    } finally {
      await incremental.close();
    }
    const rebuild = progress.filter((p) => p.phase === 'rebuild');
    assert.ok(rebuild.length >= 3, 'progress reported per batch');
    assert.equal(rebuild.at(-1)!.done, log.records().length);
  });

  it('reopens without rebuilding and resumes from its cursor', async () => {
    const log = new InMemoryMemoryLog();
    seed(log, 0, 30);
    const first = await open(log);
    const before = essence(await first.search('parser bug'));
    await first.close();
    seed(log, 30, 5);
    const reads = log.readCount;
    const again = await open(log);
    try {
      assert.equal(again.status().rebuiltBecause, undefined);
      assert.equal(log.readCount - reads, 1, 'one read from the saved cursor, no rescan');
      assert.equal(again.status().records, 35);
      assert.equal(again.status().embedded, 35);
      const hits = (await again.search({ query: 'parser bug', k: 50 })).hits.map((h) => h.id);
      for (const h of before) assert.ok(hits.includes(h.id));
    } finally {
      await again.close();
    }
  });

  it('sees records another writer appended, by tailing the feed', async () => {
    const log = new InMemoryMemoryLog();
    seed(log, 0, 10);
    const index = await open(log);
    const stop = index.startTailing(20);
    try {
      const late = log.appendSync(aMemory({ text: 'written by another window: quokka' }));
      for (let i = 0; i < 100 && (await index.search('quokka')).hits.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      assert.equal((await index.search('quokka')).hits[0]?.id, late.id);
    } finally {
      stop();
      stop();
      await index.close();
    }
  });

  for (const [name, damage] of [
    ['a database file of garbage', (dir: string) => writeFileSync(join(dir, 'memory.sqlite'), 'this is not a database'.repeat(200))],
    ['a truncated database', (dir: string) => truncateSync(join(dir, 'memory.sqlite'), Math.floor(statSync(join(dir, 'memory.sqlite')).size / 3))],
    ['a database of an older schema version', (dir: string) => {
      const db = new Database(join(dir, 'memory.sqlite'));
      db.run("UPDATE meta SET value = '0' WHERE key = 'schema_version'");
      db.close();
    }],
  ] as const) {
    it(`rebuilds from the logs, never crashes, on ${name}`, async () => {
      const log = new InMemoryMemoryLog();
      seed(log, 0, 50);
      const first = await open(log);
      const expected = essence(await first.search('cache decision'));
      await first.close();
      damage(join(root, 'index'));
      const progress: IndexProgress[] = [];
      const again = await open(log, 'index', { onProgress: (p) => progress.push(p) });
      try {
        assert.ok(again.status().rebuiltBecause, 'says why it rebuilt');
        assert.equal(again.status().records, 50);
        assert.deepEqual(essence(await again.search('cache decision')), expected);
        assert.ok(progress.some((p) => p.phase === 'rebuild'));
      } finally {
        await again.close();
      }
    });
  }

  for (const [name, damage] of [
    ['a torn vector file', (dir: string) => truncateSync(join(dir, 'vectors.bin'), statSync(join(dir, 'vectors.bin')).size - 10)],
    ['a missing vector file', (dir: string) => rmSync(join(dir, 'vectors.bin'))],
    ['a vector file of garbage', (dir: string) => writeFileSync(join(dir, 'vectors.bin'), Buffer.alloc(5000, 7))],
  ] as const) {
    it(`re-embeds from the database on ${name}`, async () => {
      const log = new InMemoryMemoryLog();
      seed(log, 0, 50);
      const first = await open(log);
      const expected = essence(await first.search('tokenizer tests'));
      await first.close();
      damage(join(root, 'index'));
      const reads = log.readCount;
      const again = await open(log);
      try {
        await again.whenIdle();
        assert.equal(again.status().rebuiltBecause, undefined, 'full text kept, no pass over the logs');
        assert.equal(log.readCount - reads, 1);
        assert.equal(again.status().embedded, 50);
        assert.deepEqual(essence(await again.search('tokenizer tests')).map((h) => h.id), expected.map((h) => h.id));
      } finally {
        await again.close();
      }
    });
  }

  it('re-embeds in the background when the embedder changes, and records which one built it', async () => {
    const log = new InMemoryMemoryLog();
    seed(log, 0, 60);
    const first = await open(log);
    await first.close();
    const wide = createLexicalEmbedder({ dimension: 512 });
    const progress: IndexProgress[] = [];
    const again = await open(log, 'index', { embedder: wide, batchSize: 10, onProgress: (p) => progress.push(p) });
    try {
      assert.equal(again.status().embedder.id, wide.id);
      await again.whenIdle();
      assert.equal(again.status().embedded, 60);
      assert.ok(progress.filter((p) => p.phase === 'embed').length >= 6);
      const fresh = await open(log, 'fresh', { embedder: wide });
      try {
        assert.deepEqual(essence(await again.search('meeting alice')), essence(await fresh.search('meeting alice')));
      } finally {
        await fresh.close();
      }
      // Switching while open works the same way.
      await again.setEmbedder(createLexicalEmbedder({ dimension: 128 }));
      assert.ok((await again.search('parser')).hits.length > 0, 'full text answers during re-embedding');
      await again.whenIdle();
      assert.equal(again.status().embedded, 60);
      assert.equal(again.status().embedder.dimension, 128);
    } finally {
      await again.close();
    }
  });

  it('gives the same ranking with the JavaScript scan as with WebAssembly SIMD', async () => {
    const log = new InMemoryMemoryLog();
    seed(log, 0, 80);
    const simd = await open(log, 'simd');
    const js = await open(log, 'js', { forceJsKernel: true });
    try {
      assert.equal(simd.status().vectorKernel, 'simd');
      assert.equal(js.status().vectorKernel, 'js');
      for (const query of QUERIES) assert.deepEqual(essence(await js.search(query)), essence(await simd.search(query)), query);
    } finally {
      await simd.close();
      await js.close();
    }
  });
});
