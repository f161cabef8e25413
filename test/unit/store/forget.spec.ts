import { strict as assert } from 'node:assert';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { captureLog, cleanup, filesContaining, newRecord, openTestStore, tempDir } from './storeFixtures';

const SECRET = 'quokka-zebra-7731 diagnosis';
const CORRECTED = 'pangolin-heron-4412 corrected';
const TASK_SECRET = 'call the oncologist-5519';

describe('forget and compaction', () => {
  const dir = tempDir('forget');
  after(() => cleanup(dir));

  it('removes a record from every read path at once, and compaction leaves no trace of its text in any file', async () => {
    const log = captureLog();
    const store = await openTestStore(dir, { logger: log.logger });
    const keep = await store.memory.append(newRecord('note', 'an ordinary day at the keyboard'));
    const secret = await store.memory.append(newRecord('note', SECRET, { tags: ['health'] }));
    await store.memory.edit(secret.id, { op: 'correct_text', text: CORRECTED });
    await store.memory.edit(secret.id, { op: 'tag', add: ['private'] });
    await store.memory.edit(keep.id, { op: 'link', link: { rel: 'cites', id: secret.id } });
    const task = await store.tasks.add({ title: TASK_SECRET });
    await store.tasks.setStatus(task.id, 'in_progress');
    const start = await store.memory.cursor();
    const other = await openTestStore(dir, { actor: 'other-window' });
    await other.memory.get(secret.id); // the other window has it indexed

    await store.memory.forget(secret.id, 'asked to forget');
    await store.memory.forget(task.id);
    assert.equal(await store.memory.get(secret.id), undefined);
    assert.equal(await other.memory.get(secret.id), undefined, 'gone in the other window too');
    assert.equal(await store.tasks.get(task.id), undefined);
    assert.ok(!(await store.tasks.list()).some((t) => t.id === task.id));
    const scanned: string[] = [];
    for await (const r of store.memory.scan()) scanned.push(r.text);
    assert.ok(!scanned.some((t) => t.includes('quokka') || t.includes('pangolin') || t.includes('oncologist')));
    const changes = (await other.memory.readChanges(start)).changes;
    assert.deepEqual(changes.filter((c) => c.type === 'remove').map((c) => c.type === 'remove' && c.id).sort(), [secret.id, task.id].sort());
    await assert.rejects(store.memory.edit(secret.id, { op: 'validate' }), /forgotten/);
    await store.memory.forget(secret.id); // forgetting twice is harmless

    // A torn line that held the text, quarantined by a later open, must go too.
    appendFileSync(join(dir, `memory/episodic/${new Date().toISOString().slice(0, 7)}.jsonl`), `{"id":"${secret.id}","kind":"note","text":"${SECRET}`);
    await store.close();
    const reopened = await openTestStore(dir, { logger: log.logger });
    assert.ok(filesContaining(dir, 'quokka-zebra-7731').some((f) => f.startsWith('quarantine/')));

    const report = await reopened.compact();
    assert.equal(report.removedLines, 5, "the record, its two edits, the task's two events");
    assert.equal(report.removedQuarantined, 1);
    for (const needle of ['quokka-zebra-7731', 'pangolin-heron-4412', 'oncologist-5519', 'asked to forget']) {
      assert.deepEqual(filesContaining(dir, needle), [], `no file of the profile holds "${needle}"`);
    }
    assert.equal((await reopened.memory.get(keep.id))?.text, 'an ordinary day at the keyboard', 'other records are untouched');
    assert.equal(await reopened.memory.get(secret.id), undefined, 'still forgotten after compaction');
    assert.equal((await other.memory.get(keep.id))?.text, 'an ordinary day at the keyboard', 'a window open across the compaction re-reads the rewritten files');
    await other.close();
    const forgets = reopened.audit.entries(new Date().toISOString().slice(0, 10)).filter((e) => e.type === 'forget');
    assert.equal(forgets.length, 2, 'the audit records that forgets happened');
    assert.ok(reopened.audit.verify().ok);
    // A view that had not caught up before the compaction still learns of the removal.
    const late = (await reopened.memory.readChanges(start)).changes;
    assert.ok(late.some((c) => c.type === 'remove' && c.id === secret.id));
    assert.ok(!late.some((c) => c.type === 'upsert' && c.record.id === secret.id));
    await reopened.close();
  });
});
