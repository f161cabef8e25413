import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MemoryViewService } from '../../../src/core/engine/memoryViewService';
import { MemoryIndex } from '../../../src/core/index/memoryIndex';
import { openProfileStore, type ProfileStore } from '../../../src/core/profile/profileStore';
import { tempDirsForSuite } from '../store/storeFixtures';

// The Memory panel's engine side on a real temp profile: store, index and audit on disk.
describe('MemoryViewService', () => {
  const tempDir = tempDirsForSuite();
  let store: ProfileStore;
  let index: Promise<MemoryIndex> | undefined;
  let service: MemoryViewService;
  const changes: { upserts: number; removes: number }[] = [];
  const ids: Record<string, string> = {};

  before(async () => {
    const dir = tempDir('memory-view');
    store = await openProfileStore(join(dir, 'profile'), { actor: 'test', durable: false });
    service = new MemoryViewService({
      openStore: () => Promise.resolve(store),
      openIndex: () => (index ??= MemoryIndex.open({ dir: join(dir, 'profile', 'index'), feed: store.memory })),
      onChanged: (counts) => changes.push(counts),
    });
    const records = await store.memory.appendMany([
      { kind: 'note', ts: '2026-02-01T09:00:00.000Z', text: 'Parked the blue car on level three of the garage', source: 'vscode:note', project: 'home', tags: ['car'] },
      { kind: 'event', ts: '2026-02-02T10:00:00.000Z', text: 'Refactored the tokenizer cache in the parser', source: 'vscode:git', project: 'compiler' },
      { kind: 'event', ts: '2026-02-03T11:00:00.000Z', text: 'Debugged the tokenizer unicode escapes', source: 'vscode:editor', project: 'compiler' },
      { kind: 'reflection', ts: '2026-02-04T12:00:00.000Z', text: 'The parser work keeps coming back to caching', source: 'agent:reflector' },
    ]);
    [ids.car, ids.cache, ids.unicode, ids.reflection] = records.map((r) => r.id);
    await store.memory.edit(ids.reflection, { op: 'link', link: { rel: 'cites', id: ids.cache } });
  });
  after(async () => {
    await (await index)?.close();
    await store.close();
  });

  it('lists every memory newest first when there are no words, and says how many there are', async () => {
    const result = await service.list({});
    assert.deepEqual(
      result.items.map((i) => i.id),
      [ids.reflection, ids.unicode, ids.cache, ids.car],
    );
    assert.equal(result.totalRecords, 4);
    assert.equal(result.hasMore, false);
    assert.equal(result.items[0].why, undefined, 'a plain listing gives no search reasons');
  });

  it('pages the listing', async () => {
    const first = await service.list({ limit: 3 });
    const second = await service.list({ limit: 3, offset: 3 });
    assert.equal(first.items.length, 3);
    assert.equal(first.hasMore, true);
    assert.deepEqual(
      second.items.map((i) => i.id),
      [ids.car],
    );
    assert.equal(second.hasMore, false);
  });

  it('searches with words and filters by kind, project, tag and date', async () => {
    const search = await service.list({ query: 'tokenizer' });
    assert.deepEqual(new Set(search.items.map((i) => i.id)), new Set([ids.cache, ids.unicode]));
    assert.ok(search.items.every((i) => i.why), 'each hit says why it was found');
    assert.deepEqual((await service.list({ kinds: ['reflection'] })).items.map((i) => i.id), [ids.reflection]);
    assert.deepEqual((await service.list({ project: 'home' })).items.map((i) => i.id), [ids.car]);
    assert.deepEqual((await service.list({ tag: 'car' })).items.map((i) => i.id), [ids.car]);
    assert.deepEqual((await service.list({ since: '2026-02-02', until: '2026-02-03' })).items.map((i) => i.id), [ids.cache]);
  });

  it('reads date words in the query as a time filter', async () => {
    const result = await service.list({ query: 'on 2026-02-03' });
    assert.equal(result.time, 'on 2026-02-03');
    assert.deepEqual(result.items.map((i) => i.id), [ids.unicode]);
  });

  it('marking wrong is a patch shown in the list, the details, the edits history and the audit trail at once', async () => {
    const before = changes.length;
    const { results } = await service.validate([ids.car], { op: 'mark_wrong', reason: 'it was the red car' });
    assert.deepEqual(results, [{ id: ids.car, ok: true }]);
    assert.ok(changes.length > before, 'the change was announced');
    const hit = (await service.list({ query: 'blue car garage' })).items.find((i) => i.id === ids.car);
    assert.equal(hit?.validated, false, 'the search result is flagged wrong right after');
    const details = await service.details(ids.car);
    assert.equal(details?.validated, false);
    assert.equal(details?.wrongReason, 'it was the red car');
    assert.deepEqual(details?.edits.map((e) => e.summary), ['marked wrong: it was the red car']);
    assert.deepEqual(details?.audit.map((a) => a.summary), ['written (note, event, reflection)', 'edited: mark_wrong']);
    assert.equal(details?.audit[1].actor, 'test');
  });

  it('marking correct replaces a wrong mark', async () => {
    await service.validate([ids.car], { op: 'validate' });
    const details = await service.details(ids.car);
    assert.equal(details?.validated, true);
    assert.equal(details?.wrongReason, undefined);
    assert.deepEqual(details?.edits.map((e) => e.op), ['mark_wrong', 'validate']);
  });

  it('a corrected text is what search finds, the original stays in the history', async () => {
    await service.validate([ids.unicode], { op: 'correct_text', text: 'Debugged the lexer surrogate pairs' });
    const found = (await service.list({ query: 'surrogate pairs' })).items;
    assert.equal(found[0]?.id, ids.unicode);
    assert.equal(found[0]?.corrected, true);
    assert.ok(!(await service.list({ query: 'unicode escapes' })).items.some((i) => i.id === ids.unicode), 'the old words no longer find it');
    const details = await service.details(ids.unicode);
    assert.equal(details?.text, 'Debugged the lexer surrogate pairs');
    assert.deepEqual(details?.edits.map((e) => [e.summary, e.text]), [['text corrected', 'Debugged the lexer surrogate pairs']]);
  });

  it('adds and removes tags, and the tag filter sees them at once', async () => {
    await service.validate([ids.cache, ids.unicode], { op: 'tag', add: ['perf'] });
    assert.deepEqual(new Set((await service.list({ tag: 'perf' })).items.map((i) => i.id)), new Set([ids.cache, ids.unicode]));
    await service.validate([ids.unicode], { op: 'tag', remove: ['perf'] });
    assert.deepEqual((await service.list({ tag: 'perf' })).items.map((i) => i.id), [ids.cache]);
    assert.deepEqual((await service.details(ids.unicode))?.edits.map((e) => e.summary).slice(-2), ['tags +perf', 'tags −perf']);
  });

  it('shows links with what they point at', async () => {
    const details = await service.details(ids.reflection);
    assert.deepEqual(details?.links, [{ rel: 'cites', id: ids.cache, kind: 'event', preview: 'Refactored the tokenizer cache in the parser' }]);
  });

  it('bulk marks a selection and reports an unknown id without stopping the others', async () => {
    const unknown = '01J0000000000000000000000Z';
    const { results } = await service.validate([ids.cache, unknown, ids.reflection], { op: 'mark_wrong' });
    assert.deepEqual(
      results.map((r) => r.ok),
      [true, false, true],
    );
    assert.match(results[1].error ?? '', /No memory with id 01J0000000000000000000000Z/);
    const listed = (await service.list({})).items.filter((i) => i.validated === false).map((i) => i.id);
    assert.deepEqual(new Set(listed), new Set([ids.cache, ids.reflection]));
  });

  it('refuses a text edit of several memories and an empty tag change, naming what was wrong', async () => {
    await assert.rejects(service.validate([ids.car, ids.cache], { op: 'correct_text', text: 'x' }), /one memory at a time/);
    await assert.rejects(service.validate([ids.car], { op: 'tag' }), /at least one tag/);
    assert.equal((await service.details(ids.car))?.text, 'Parked the blue car on level three of the garage', 'nothing changed');
  });

  it('forgets a selection: gone from the list, the search and the details; the audit keeps that it happened', async () => {
    await service.validate([ids.car, ids.cache], { op: 'forget' });
    const remaining = (await service.list({})).items.map((i) => i.id);
    assert.deepEqual(remaining, [ids.reflection, ids.unicode]);
    assert.equal((await service.list({})).totalRecords, 2);
    assert.ok(!(await service.list({ query: 'blue car garage' })).items.some((i) => i.id === ids.car));
    assert.equal(await service.details(ids.car), null);
    const forgetAudit = store.audit.entries(new Date().toISOString().slice(0, 10)).filter((e) => e.type === 'forget');
    assert.deepEqual(new Set(forgetAudit.map((e) => (e as { id: string }).id)), new Set([ids.car, ids.cache]));
    const link = (await service.details(ids.reflection))?.links[0];
    assert.deepEqual(link, { rel: 'cites', id: ids.cache }, 'a link to a forgotten memory shows it is gone');
  });
});
