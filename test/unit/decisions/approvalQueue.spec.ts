import assert from 'node:assert/strict';
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ApprovalQueue, QUEUE_FILE, type QueueTransaction } from '../../../src/core/decisions/approvalQueue';
import type { ProfileStore } from '../../../src/core/profile/profileStore';
import { captureLog, openTestStore, tempDirsForSuite } from '../store/storeFixtures';

const HOUR = 3_600_000;

/** Writes a proposal and its decision in one transaction, as the engine does. */
function propose(queue: ApprovalQueue, skill: string, args: Record<string, unknown>, now: Date, expiresInMs = HOUR): Promise<string> {
  return queue.transact('propose', (tx: QueueTransaction) => {
    const id = tx.newId();
    tx.append({
      ev: 'proposed',
      id,
      proposal: { skill, args, source: 'agent:organizer', reason: 'tidy up', dryRun: false, createdAt: now.toISOString(), expiresAt: new Date(now.getTime() + expiresInMs).toISOString() },
    });
    tx.append({ ev: 'decided', id, status: 'pending', decision: { decision: 'ask', rule: 'trust:supervised', reason: 'asks first', trust: 'supervised' } });
    return id;
  });
}

function auditTypes(store: ProfileStore): string[] {
  return store.audit.days().flatMap((rel) => store.audit.entries(rel.slice(6, 16))).map((e) => (e.type === 'approval' ? `approval:${e.action}` : e.type));
}

describe('approval queue', () => {
  const temp = tempDirsForSuite();

  it('folds events into proposal states that a new process reads back', async () => {
    const dir = temp('queue');
    const store = await openTestStore(dir);
    const queue = new ApprovalQueue(store);
    const now = new Date();
    const first = await propose(queue, 'write-file', { path: 'a.txt', content: 'x' }, now);
    const second = await propose(queue, 'task', { action: 'create', title: 'write tests' }, now);
    await queue.transact('edit', (tx) => {
      tx.append({ ev: 'edited', id: first, args: { path: 'b.txt', content: 'x' }, fields: ['path'] });
      tx.append({ ev: 'rejected', id: second, reason: 'not now' });
    });
    await store.close();

    const reopened = await openTestStore(dir);
    const states = new ApprovalQueue(reopened).list();
    assert.deepEqual(
      states.map((s) => [s.id, s.status]),
      [
        [first, 'pending'],
        [second, 'rejected'],
      ],
    );
    assert.deepEqual(states[0].args, { path: 'b.txt', content: 'x' });
    assert.deepEqual(states[0].originalArgs, { path: 'a.txt', content: 'x' });
    assert.equal(states[1].rejectReason, 'not now');
    assert.ok(first < second, 'ids grow with each proposal');
    await reopened.close();
  });

  it('sees what another process appended without re-reading what it already read', async () => {
    const dir = temp('queue-tail');
    const storeA = await openTestStore(dir);
    const storeB = await openTestStore(dir);
    const a = new ApprovalQueue(storeA);
    const b = new ApprovalQueue(storeB);
    const id = await propose(a, 'notify', { message: 'hi' }, new Date());
    assert.equal(b.get(id)?.status, 'pending');
    await b.transact('approve', (tx) => tx.append({ ev: 'approved', id }));
    assert.equal(a.get(id)?.status, 'approved');
    const idB = await propose(b, 'notify', { message: 'again' }, new Date());
    assert.ok(idB > id, 'the second process continues the id sequence it read');
    assert.deepEqual(
      a.list().map((s) => s.id),
      [id, idB],
    );
    await storeA.close();
    await storeB.close();
  });

  it('skips a damaged line with a warning and keeps every other event', async () => {
    const dir = temp('queue-damaged');
    const log = captureLog();
    const store = await openTestStore(dir, { logger: log.logger });
    const queue = new ApprovalQueue(store);
    const first = await propose(queue, 'notify', { message: 'one' }, new Date());
    appendFileSync(join(dir, QUEUE_FILE), '{"ev":"approved","id":\n');
    const second = await propose(queue, 'notify', { message: 'two' }, new Date());
    await store.close();

    const reopened = await openTestStore(dir, { logger: log.logger });
    assert.deepEqual(
      new ApprovalQueue(reopened).list().map((s) => [s.id, s.status]),
      [
        [first, 'pending'],
        [second, 'pending'],
      ],
    );
    assert.ok(log.warnings.some((w) => w.includes(QUEUE_FILE) && w.includes('skipped')), log.warnings.join('\n'));
    await reopened.close();
  });

  it('leaves a torn last line unread and quarantines it at the next append', async () => {
    const dir = temp('queue-torn');
    const store = await openTestStore(dir);
    const queue = new ApprovalQueue(store);
    const first = await propose(queue, 'notify', { message: 'one' }, new Date());
    appendFileSync(join(dir, QUEUE_FILE), `{"ev":"approved","id":"${first}","ts":"2026`);
    assert.equal(queue.get(first)?.status, 'pending');
    const second = await propose(queue, 'notify', { message: 'two' }, new Date());
    const lines = readFileSync(join(dir, QUEUE_FILE), 'utf8').trimEnd().split('\n');
    assert.ok(
      lines.every((line) => JSON.parse(line)),
      'every line left in the queue parses',
    );
    assert.deepEqual(
      queue.list().map((s) => s.status),
      ['pending', 'pending'],
    );
    assert.equal(new ApprovalQueue(store).get(second)?.status, 'pending');
    await store.close();
  });

  it('expires pending proposals past their time once, recording and auditing it', async () => {
    const dir = temp('queue-expiry');
    const store = await openTestStore(dir);
    let now = new Date('2026-03-02T10:00:00.000Z');
    const queue = new ApprovalQueue(store, () => now);
    const soon = await propose(queue, 'notify', { message: 'soon' }, now, HOUR);
    const later = await propose(queue, 'notify', { message: 'later' }, now, 5 * HOUR);

    assert.deepEqual(await queue.expireDue(), []);
    now = new Date('2026-03-02T11:30:00.000Z');
    const expired = await queue.expireDue();
    assert.deepEqual(
      expired.map((s) => s.id),
      [soon],
    );
    assert.deepEqual(await queue.expireDue(), [], 'an expired proposal expires once');
    assert.equal(queue.get(soon)?.status, 'expired');
    assert.equal(queue.get(later)?.status, 'pending');
    assert.equal(auditTypes(store).filter((t) => t === 'approval:expired').length, 1);
    await store.close();

    const reopened = await openTestStore(dir);
    assert.equal(new ApprovalQueue(reopened).get(soon)?.status, 'expired', 'the expiry is on record, not recomputed');
    await reopened.close();
  });

  it('writes nothing when a transaction throws', async () => {
    const dir = temp('queue-throw');
    const store = await openTestStore(dir);
    const queue = new ApprovalQueue(store);
    const id = await propose(queue, 'notify', { message: 'one' }, new Date());
    await assert.rejects(
      queue.transact('approve', (tx) => {
        tx.append({ ev: 'approved', id });
        throw new Error('changed my mind');
      }),
      /changed my mind/,
    );
    assert.equal(queue.get(id)?.status, 'pending');
    assert.equal(new ApprovalQueue(store).get(id)?.status, 'pending');
    await store.close();
  });
});
