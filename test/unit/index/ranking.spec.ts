import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MemoryIndex } from '../../../src/core/index/memoryIndex';
import type { MemoryRecord } from '../../../src/core/memory/record';
import { aMemory, InMemoryMemoryLog } from './memoryFixtures';

const NOW = new Date('2024-05-15T12:00:00Z');

/** Records whose right answers are known, among filler that shares some of their words. */
function corpus(): InMemoryMemoryLog {
  const log = new InMemoryMemoryLog();
  const filler = ['lunch', 'coffee', 'standup', 'email', 'review', 'deploy', 'build', 'docs', 'bug', 'cleanup', 'notes', 'plan'];
  for (let i = 0; i < 120; i++) {
    const a = filler[i % filler.length];
    const b = filler[(i * 7 + 3) % filler.length];
    log.appendSync(aMemory({ text: `Routine ${a} and ${b} work item ${i}`, ts: new Date(Date.UTC(2023, 0, 1) + i * 3 * 86_400_000).toISOString(), project: i % 2 ? 'mh' : 'site' }));
  }
  log.appendSync(aMemory({ text: 'Fixed the race condition in the parser when reading nested brackets', project: 'mh', ts: '2024-05-14T15:00:00Z', meta: { files: ['src/parser.ts'] } }));
  log.appendSync(aMemory({ kind: 'note', text: 'Decided to cache embeddings in an LRU keyed by content hash', project: 'mh', ts: '2024-03-12T10:00:00Z', tags: ['decision'] }));
  log.appendSync(aMemory({ kind: 'chat', text: 'Meeting about the release plan for version 2', project: 'mh', entities: ['Alice'], ts: '2024-05-10T09:00:00Z' }));
  log.appendSync(aMemory({ text: 'Refactored option parsing in commander to support variadic arguments', project: 'commander', ts: '2024-04-02T11:00:00Z', meta: { files: ['lib/command.js'] } }));
  log.appendSync(aMemory({ text: 'Wrote tests for the tokenizer edge cases', project: 'mh', ts: '2024-05-08T16:00:00Z', meta: { files: ['test/tokenizer.spec.ts'] } }));
  log.appendSync(aMemory({ text: 'Updated README with install instructions', project: 'commander', ts: '2023-11-20T08:00:00Z', meta: { files: ['Readme.md'] } }));
  log.appendSync(aMemory({ text: 'Parser performance: avoid re-allocating token arrays', project: 'other', ts: '2023-06-01T12:00:00Z', meta: { files: ['src/parser.ts'] } }));
  log.appendSync(aMemory({ kind: 'note', text: 'Chose SQLite FTS5 over Orama for the memory index', project: 'mh', ts: '2024-04-20T12:00:00Z', tags: ['decision'], importance: 8 }));
  return log;
}

describe('memory index ranking', () => {
  let dir: string;
  let log: InMemoryMemoryLog;
  let index: MemoryIndex;
  const byText = (needle: string): MemoryRecord => log.records().find((r) => r.text.includes(needle))!;
  const top = async (query: string, extra: Parameters<MemoryIndex['search']>[0] extends infer R ? Partial<Exclude<R, string>> : never = {}) =>
    (await index.search({ query, now: NOW, ...extra })).hits;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mh-index-'));
    log = corpus();
    index = await MemoryIndex.open({ dir, feed: log, now: () => NOW });
    await index.whenIdle();
  });
  after(async () => {
    await index.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('indexes every record, with a vector each', () => {
    const status = index.status();
    assert.equal(status.records, log.records().length);
    assert.equal(status.embedded, status.records);
    assert.equal(status.rebuiltBecause, 'no index yet');
  });

  it('puts the record with the exact phrase first', async () => {
    const hits = await top('race condition in the parser');
    assert.equal(hits[0].id, byText('race condition').id);
    assert.ok(hits[0].parts.text && hits[0].parts.vector, 'matched by both full text and vector');
  });

  it('finds partial wording: other word forms and spellings', async () => {
    assert.equal((await top('caching embeddings'))[0].id, byText('cache embeddings').id);
    assert.equal((await top('parse options commander'))[0].id, byText('variadic').id);
    // "tokeniser" shares no whole word with "tokenizer": only the character n-grams of the vector half find it.
    const tokeniser = (await top('tokeniser testing'))[0];
    assert.equal(tokeniser.id, byText('tokenizer edge').id);
  });

  it('reads dates in the query as a time filter relative to now', async () => {
    const hits = await top('parser yesterday');
    assert.deepEqual(hits.map((h) => h.id), [byText('race condition').id]);
    const lastWeek = await top('what did I do last week', { k: 50 });
    const expected = log.records().filter((r) => r.ts >= '2024-05-06' && r.ts < '2024-05-13').map((r) => r.id).sort();
    assert.deepEqual(lastWeek.map((h) => h.id).sort(), expected);
    assert.ok(lastWeek.every((h) => h.parts.timeOnly));
    assert.equal((await index.search({ query: 'decided in March', now: NOW })).hits[0].id, byText('cache embeddings').id);
  });

  it('filters by project, kind and tag', async () => {
    const other = await top('parser', { filters: { project: 'other' } });
    assert.deepEqual(other.map((h) => h.id), [byText('re-allocating').id]);
    const notes = await top('memory index decision', { filters: { kinds: ['note'] } });
    assert.ok(notes.length > 0 && notes.every((h) => h.kind === 'note'));
    const decisions = await top('cache', { filters: { tag: 'decision' } });
    assert.ok(decisions.every((h) => h.record.tags.includes('decision')));
    assert.equal(decisions[0].id, byText('cache embeddings').id);
  });

  it('answers file-path queries, as a filter and as words', async () => {
    const filtered = await top('parser', { filters: { file: 'src/parser.ts' } });
    assert.deepEqual(new Set(filtered.map((h) => h.id)), new Set([byText('race condition').id, byText('re-allocating').id]));
    const byName = await top('parser', { filters: { file: 'parser.ts' } });
    assert.equal(byName.length, 2);
    const folder = await top('tests', { filters: { file: 'test/' } });
    assert.deepEqual(folder.map((h) => h.id), [byText('tokenizer edge').id]);
    const named = await top('changes to parser.ts');
    assert.deepEqual(new Set(named.slice(0, 2).map((h) => h.id)), new Set([byText('race condition').id, byText('re-allocating').id]));
    assert.ok(named[0].parts.entities.includes('parser.ts'));
  });

  it('boosts records that mention a person named in the query', async () => {
    const hits = await top('what did alice say about the release');
    assert.equal(hits[0].id, byText('release plan').id);
    assert.deepEqual(hits[0].parts.entities, ['alice']);
    assert.ok(hits[0].parts.entity > 1);
  });

  it('gives every hit its score parts', async () => {
    for (const hit of await top('parser memory index', { k: 20 })) {
      assert.ok(hit.parts.relevance > 0 && hit.parts.relevance <= 1);
      assert.ok(hit.parts.recency > 0 && hit.parts.recency <= 1);
      assert.ok(hit.parts.importance > 0 && hit.parts.importance <= 1);
      assert.ok(hit.parts.entity >= 1);
      assert.ok(hit.parts.kind > 0 && hit.parts.kind <= 1);
      const product = hit.parts.relevance * hit.parts.recency * hit.parts.importance * hit.parts.entity * hit.parts.kind;
      assert.ok(Math.abs(product - hit.score) < 1e-4, `score ${hit.score} = product of parts ${product}`);
    }
  });

  it('ranks a more important and more recent memory higher when relevance ties', async () => {
    const hits = await top('decision', { k: 5, filters: { tag: 'decision' } });
    assert.equal(hits[0].id, byText('Orama').id);
  });
});
