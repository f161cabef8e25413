import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { explainHit } from '../../../src/core/engine/engineServices';
import { MemoryIndex } from '../../../src/core/index/memoryIndex';
import { DEFAULT_RANKING } from '../../../src/core/index/ranking';
import { aMemory, InMemoryMemoryLog } from './memoryFixtures';

const NOW = new Date('2024-05-15T12:00:00Z');
const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function indexOver(log: InMemoryMemoryLog, ranking = DEFAULT_RANKING): Promise<MemoryIndex> {
  const dir = mkdtempSync(join(tmpdir(), 'mh-kind-'));
  dirs.push(dir);
  const index = await MemoryIndex.open({ dir, feed: log, now: () => NOW, ranking });
  await index.whenIdle();
  return index;
}

/** Filler that shares no words with the questions, so the records under test are the only matches. */
function withFiller(log: InMemoryMemoryLog): InMemoryMemoryLog {
  for (let i = 0; i < 30; i++) log.appendSync(aMemory({ text: `Routine standup and coffee number ${i}`, ts: new Date(Date.UTC(2024, 0, 1) + i * 86_400_000).toISOString() }));
  return log;
}

describe('ranking by kind: dreams and superseded facts', () => {
  it('ranks a dream below an equally relevant fact, and says why', async () => {
    const log = withFiller(new InMemoryMemoryLog());
    // The same words; the dream is newer and scored more important: without the kind factor it would lead.
    const dream = log.appendSync(aMemory({ kind: 'dream', source: 'agent:dreamer', text: 'The lighthouse keeper repaired the Fresnel lens', ts: '2024-05-14T10:00:00Z', importance: 8, tags: ['dream'], meta: { imaginative: true } }));
    const fact = log.appendSync(aMemory({ kind: 'note', text: 'The lighthouse keeper repaired the Fresnel lens', ts: '2024-05-10T10:00:00Z' }));
    const index = await indexOver(log);
    const hits = (await index.search({ query: 'lighthouse keeper Fresnel lens', now: NOW })).hits;
    assert.deepEqual(hits.slice(0, 2).map((h) => h.id), [fact.id, dream.id]);
    const dreamHit = hits.find((h) => h.id === dream.id)!;
    assert.equal(dreamHit.parts.kind, DEFAULT_RANKING.dreamWeight);
    assert.equal(hits[0].parts.kind, 1);
    assert.match(explainHit(dreamHit), /a dream, ranked lower$/, 'the reason shown with the hit says so');
    assert.doesNotMatch(explainHit(hits[0]), /ranked lower/);
    await index.close();

    // With the factor at 1 the same dream leads: the factor is what puts it second.
    const neutral = await indexOver(log, { ...DEFAULT_RANKING, dreamWeight: 1 });
    assert.equal((await neutral.search({ query: 'lighthouse keeper Fresnel lens', now: NOW })).hits[0].id, dream.id);
    await neutral.close();
  });

  it('ranks a superseded record below the one that superseded it, even when its words match better', async () => {
    const log = withFiller(new InMemoryMemoryLog());
    const old = log.appendSync(aMemory({ kind: 'note', text: 'The parser deploys to the staging cluster, the staging cluster only', ts: '2024-05-01T10:00:00Z', importance: 8 }));
    const newer = log.appendSync(aMemory({ kind: 'note', text: 'The parser now deploys to production instead', ts: '2024-05-03T10:00:00Z' }));
    await log.edit(old.id, { op: 'link', link: { rel: 'superseded_by', id: newer.id } });
    const index = await indexOver(log);
    const hits = (await index.search({ query: 'parser deploys staging cluster', now: NOW })).hits;
    const order = hits.map((h) => h.id);
    assert.ok(order.indexOf(newer.id) >= 0 && order.indexOf(newer.id) < order.indexOf(old.id), `successor first: ${order.join(',')}`);
    const oldHit = hits.find((h) => h.id === old.id)!;
    assert.equal(oldHit.parts.supersededBy, newer.id);
    assert.match(explainHit(oldHit), new RegExp(`superseded by ${newer.id}, ranked lower`));
    assert.ok(oldHit.parts.kind <= DEFAULT_RANKING.supersededWeight);
    const p = oldHit.parts;
    assert.ok(Math.abs(p.relevance * p.recency * p.importance * p.entity * p.kind - oldHit.score) < 1e-4, 'the score is still the product of its parts');

    // Asked alone (the successor filtered out), the superseded record is still found.
    const alone = (await index.search({ query: 'parser deploys staging cluster', now: NOW, filters: { until: Date.parse('2024-05-02T00:00:00Z') } })).hits;
    assert.equal(alone[0].id, old.id);
    await index.close();
  });

  it('ranks a repeat the sleep service merged below its canonical record, and both stay findable', async () => {
    const log = withFiller(new InMemoryMemoryLog());
    const canonical = log.appendSync(aMemory({ kind: 'note', text: 'Release checklist: bump the version, tag, publish the vsix', ts: '2024-04-01T10:00:00Z' }));
    // Newer and more important: without the link it would lead.
    const repeat = log.appendSync(aMemory({ kind: 'note', text: 'Release checklist: bump the version, tag, publish the vsix', ts: '2024-05-10T10:00:00Z', importance: 8 }));
    await log.edit(repeat.id, { op: 'link', link: { rel: 'duplicate_of', id: canonical.id } });
    const index = await indexOver(log);
    const hits = (await index.search({ query: 'release checklist publish vsix', now: NOW })).hits;
    assert.deepEqual(hits.slice(0, 2).map((h) => h.id), [canonical.id, repeat.id]);
    const repeatHit = hits[1];
    assert.equal(repeatHit.parts.duplicateOf, canonical.id);
    assert.ok(repeatHit.parts.kind <= DEFAULT_RANKING.duplicateWeight);
    await index.close();
  });

  it('ranks a memory marked wrong below an equally relevant unmarked one, and says why', async () => {
    const log = withFiller(new InMemoryMemoryLog());
    // Newer and more important: unmarked, it would lead.
    const wrong = log.appendSync(aMemory({ kind: 'note', text: 'The staging database password rotates every Friday', ts: '2024-05-14T10:00:00Z', importance: 8 }));
    const plain = log.appendSync(aMemory({ kind: 'note', text: 'The staging database password rotates every Friday', ts: '2024-05-10T10:00:00Z' }));
    const before = await indexOver(log);
    assert.equal((await before.search({ query: 'staging database password rotates', now: NOW })).hits[0].id, wrong.id, 'unmarked, the newer memory leads');
    await before.close();

    await log.edit(wrong.id, { op: 'mark_wrong', reason: 'it rotates monthly' });
    const index = await indexOver(log);
    const hits = (await index.search({ query: 'staging database password rotates', now: NOW })).hits;
    const order = hits.map((h) => h.id);
    assert.equal(order[0], plain.id);
    assert.ok(order.includes(wrong.id), 'still findable');
    const wrongHit = hits.find((h) => h.id === wrong.id)!;
    assert.equal(wrongHit.parts.markedWrong, true);
    assert.equal(wrongHit.parts.kind, DEFAULT_RANKING.wrongWeight);
    assert.match(explainHit(wrongHit), /marked wrong by you, ranked lower/);
    assert.doesNotMatch(explainHit(hits[0]), /marked wrong/);
    await index.close();
  });
});
