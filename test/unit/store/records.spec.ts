import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { decodeTime } from 'ulid';
import { MEMORY_KINDS, type MemoryRecord } from '../../../src/core/memory/record';
import { MemoryIds } from '../../../src/core/memory/memoryIds';
import type { ProfileStore } from '../../../src/core/profile/profileStore';
import type { StoreError } from '../../../src/core/profile/storeError';
import { cleanup, newRecord, openTestStore, readLines, tempDir } from './storeFixtures';

describe('memory records', () => {
  let dir: string;
  let store: ProfileStore;
  before(async () => {
    dir = tempDir('records');
    store = await openTestStore(dir);
  });
  after(async () => {
    await store.close();
    cleanup(dir);
  });

  it('round-trips every kind, with every field, through a reopen', async () => {
    const written: MemoryRecord[] = [];
    for (const kind of MEMORY_KINDS) {
      written.push(
        await store.memory.append(
          newRecord(kind, `a ${kind} about the tokenizer — naïve café ✓`, {
            ts: '2026-03-04T05:06:07.089Z',
            project: 'engine',
            tags: ['parser', kind],
            entities: ['Tokenizer'],
            importance: 6,
            meta: { file: 'src/parser.ts', nested: { line: 12 } },
          }),
        ),
      );
    }
    const linked = await store.memory.append(newRecord('reflection', 'sums up the day', { links: [{ rel: 'summarizes', id: written[0].id }] }));
    await store.close();
    store = await openTestStore(dir);
    for (const record of [...written, linked]) {
      const back = await store.memory.get(record.id);
      assert.deepEqual(back, record, `${record.kind} round-trips`);
    }
    const scanned = new Map<string, MemoryRecord>();
    for await (const record of store.memory.scan()) scanned.set(record.id, record);
    for (const record of written) assert.deepEqual(scanned.get(record.id), record);
    const counts = await store.memory.counts();
    for (const kind of MEMORY_KINDS) assert.ok((counts[kind] ?? 0) >= 1, `${kind} counted`);
  });

  it('keeps episodic kinds, reflective kinds and tasks in their own files', async () => {
    const month = new Date().toISOString().slice(0, 7);
    const event = await store.memory.append(newRecord('event', 'saved parser.ts'));
    const dream = await store.memory.append(newRecord('dream', 'a loom that dreams in punch cards'));
    const task = await store.memory.append(newRecord('task', 'write the migration test'));
    const has = (rel: string, id: string) => readFileSync(join(dir, rel), 'utf8').includes(id);
    assert.ok(has(`memory/episodic/${month}.jsonl`, event.id));
    assert.ok(has(`memory/reflections/${month}.jsonl`, dream.id));
    assert.ok(has('memory/tasks.jsonl', task.id));
    assert.ok(!has(`memory/episodic/${month}.jsonl`, task.id));
    const header = JSON.parse(readLines(join(dir, `memory/episodic/${month}.jsonl`))[0]) as { format: string; version: number };
    assert.deepEqual([header.format, header.version], ['metahuman.memory.segment', 2]);
  });

  it('starts a new segment each month, by the time of writing', async () => {
    const other = tempDir('months');
    let now = new Date('2026-01-31T23:59:59.000Z');
    const s = await openTestStore(other, { clock: () => now });
    const jan = await s.memory.append(newRecord('note', 'last of January'));
    now = new Date('2026-02-01T00:00:01.000Z');
    const feb = await s.memory.append(newRecord('note', 'back-dated but written in February', { ts: '2025-06-01T00:00:00.000Z' }));
    assert.ok(readFileSync(join(other, 'memory/episodic/2026-01.jsonl'), 'utf8').includes(jan.id));
    assert.ok(readFileSync(join(other, 'memory/episodic/2026-02.jsonl'), 'utf8').includes(feb.id));
    assert.equal((await s.memory.get(feb.id))?.ts, '2025-06-01T00:00:00.000Z');
    await s.close();
    cleanup(other);
  });

  it('never drops a record as a duplicate', async () => {
    const input = newRecord('note', 'the same words twice', { ts: '2026-01-01T00:00:00.000Z' });
    const [a, b] = await store.memory.appendMany([input, input]);
    const again = await store.memory.append(input);
    assert.equal(new Set([a.id, b.id, again.id]).size, 3);
    for (const r of [a, b, again]) assert.equal((await store.memory.get(r.id))?.text, 'the same words twice');
  });

  it('rejects invalid records with a message naming the field, and writes nothing', async () => {
    const before = (await store.memory.counts()).note ?? 0;
    await assert.rejects(store.memory.append({ kind: 'note', text: '', source: 'cli' }), (e: StoreError) => e.code === 'INVALID' && /text/.test(e.message));
    await assert.rejects(store.memory.append({ kind: 'gossip' as 'note', text: 'x', source: 'cli' }), /kind/);
    await assert.rejects(store.memory.append(newRecord('note', 'x', { importance: 11 })), /importance/);
    await assert.rejects(store.memory.append(newRecord('note', 'x', { ts: 'next tuesday' })), /not a date/);
    await assert.rejects(store.memory.appendMany([newRecord('note', 'fine'), newRecord('note', 'x', { links: [{ rel: 'cites', id: 'nope' }] })]), /record 2/);
    assert.equal((await store.memory.counts()).note ?? 0, before, 'a bad batch writes none of its records');
  });

  it('folds every kind of edit on read and keeps the original line untouched', async () => {
    const base = await store.memory.append(newRecord('note', 'the bug is in the lexer', { tags: ['bug'] }));
    const other = await store.memory.append(newRecord('note', 'it was in the tokenizer'));
    await store.memory.edit(base.id, { op: 'mark_wrong', reason: 'it was the tokenizer' });
    await store.memory.edit(base.id, { op: 'correct_text', text: 'the bug is in the tokenizer' });
    await store.memory.edit(base.id, { op: 'tag', add: ['tokenizer', 'fixed'], remove: ['bug'] });
    await store.memory.edit(base.id, { op: 'link', link: { rel: 'superseded_by', id: other.id } });
    await store.memory.edit(base.id, { op: 'set_importance', importance: 8 });
    const folded = await store.memory.edit(base.id, { op: 'validate' });
    assert.equal(folded.text, 'the bug is in the tokenizer');
    assert.deepEqual(folded.tags, ['tokenizer', 'fixed']);
    assert.deepEqual(folded.links, [{ rel: 'superseded_by', id: other.id }]);
    assert.equal(folded.importance, 8);
    assert.equal(folded.validated, true);
    await store.close();
    store = await openTestStore(dir);
    assert.deepEqual(await store.memory.get(base.id), folded, 'edits survive a reopen');
    const segment = readFileSync(join(dir, `memory/episodic/${new Date().toISOString().slice(0, 7)}.jsonl`), 'utf8');
    assert.ok(segment.includes('the bug is in the lexer'), 'the log keeps what was first written');
    await assert.rejects(store.memory.edit('01JH7Q26M03V1FXTRBQ5M8D2KA', { op: 'validate' }), (e: StoreError) => e.code === 'NOT_FOUND');
    await assert.rejects(store.memory.edit(base.id, { op: 'set_importance', importance: 0 }), (e: StoreError) => e.code === 'INVALID');
  });

  it('tracks tasks as events whose fold is the current state', async () => {
    const task = await store.tasks.add({ title: 'Review the lock code', project: 'engine', due: '2026-12-01', priority: 2 });
    assert.equal(task.status, 'open');
    await store.tasks.update(task.id, { text: 'Review the lock and leadership code', due: '' });
    await store.tasks.setStatus(task.id, 'in_progress');
    await store.tasks.setStatus(task.id, 'blocked');
    const done = await store.tasks.done(task.id);
    assert.equal(done.status, 'done');
    assert.equal(done.title, 'Review the lock and leadership code');
    assert.equal(done.due, undefined, 'an empty due clears it');
    assert.equal(done.priority, 2);
    assert.ok(done.doneAt);
    const history = await store.tasks.history(task.id);
    assert.deepEqual(history.map((e) => e.ev), ['created', 'updated', 'status', 'status', 'done']);
    await store.close();
    store = await openTestStore(dir);
    assert.deepEqual(await store.tasks.get(task.id), done);
    assert.ok(!(await store.tasks.list({ status: 'active' })).some((t) => t.id === task.id));
    assert.ok((await store.tasks.list({ status: 'done' })).some((t) => t.id === task.id));
    const asMemory = await store.memory.get(task.id);
    assert.equal(asMemory?.kind, 'task');
    assert.equal(asMemory?.meta.status, 'done');
    await assert.rejects(store.tasks.done('01JH7Q26M03V1FXTRBQ5M8D2KA'), /No task/);
  });

  it('finishes writes already queued when closed, then refuses new ones', async () => {
    const other = tempDir('close');
    const s = await openTestStore(other);
    const pending = Array.from({ length: 30 }, (_, i) => s.memory.append(newRecord('note', `queued ${i}`)));
    await s.close();
    const written = await Promise.all(pending);
    await assert.rejects(s.memory.append(newRecord('note', 'too late')), (e: StoreError) => e.code === 'CLOSED');
    const reopened = await openTestStore(other);
    for (const r of written) assert.equal((await reopened.memory.get(r.id))?.text, r.text);
    await reopened.close();
    cleanup(other);
  });

  it('hands out ids that sort by time and only increase, even within a millisecond or when the clock steps back', () => {
    const ids = new MemoryIds();
    const out = [ids.next(1_000), ids.next(1_000), ids.next(1_000), ids.next(999), ids.next(1_001)];
    for (let i = 1; i < out.length; i++) assert.ok(out[i] > out[i - 1], `${out[i]} > ${out[i - 1]}`);
    assert.equal(decodeTime(out[0]), 1_000);
    assert.equal(decodeTime(out[3]), 1_000, 'a clock step back keeps the last time');
    const other = new MemoryIds();
    other.observe(out[4]);
    assert.ok(other.next(5) > out[4], 'a floor seen in the logs (another process) is respected');
  });

  it('feeds changes from a cursor, including writes made by another store on the same folder', async () => {
    const start = await store.memory.cursor();
    const other = await openTestStore(dir, { actor: 'other-window' });
    const a = await other.memory.append(newRecord('chat', 'written by the other window'));
    await other.memory.edit(a.id, { op: 'tag', add: ['remote'] });
    const batch = await store.memory.readChanges(start);
    assert.deepEqual(batch.changes, [{ type: 'upsert', record: { ...a, tags: ['remote'] } }], 'one change per record, folded');
    assert.deepEqual((await store.memory.readChanges(batch.cursor)).changes, [], 'nothing twice');
    await other.memory.forget(a.id);
    assert.deepEqual((await store.memory.readChanges(batch.cursor)).changes, [{ type: 'remove', id: a.id }]);
    await other.close();
    assert.ok(JSON.parse(JSON.stringify(batch.cursor)), 'the cursor is plain JSON');
    assert.ok(existsSync(join(dir, 'memory/edits.jsonl')));
  });
});
