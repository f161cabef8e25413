import { strict as assert } from 'node:assert';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { MemoryRecord } from '../../../src/core/memory/record';
import { allFiles, captureLog, newRecord, openTestStore, readLines, runChild, tempDirsForSuite } from './storeFixtures';

const month = () => new Date().toISOString().slice(0, 7);

describe('crash safety', () => {
  const fresh = tempDirsForSuite();

  it('a writer killed with SIGKILL mid-burst loses at most its unacknowledged record, and the profile reopens cleanly', { timeout: 60_000 }, async () => {
    const dir = fresh('sigkill');
    await (await openTestStore(dir)).close();
    const writer = runChild('appendWorker.ts', [dir, 'k', '100000', 'acks']);
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (writer.lines.filter((l) => l.startsWith('ack ')).length >= 400) {
          clearInterval(poll);
          writer.child.kill('SIGKILL');
          resolve();
        }
      }, 2);
    });
    await writer.exit;
    const acked = writer.lines.filter((l) => l.startsWith('ack ')).map((l) => l.split(' ')[1]);

    const log = captureLog();
    const store = await openTestStore(dir, { logger: log.logger, lockStaleMs: 2_000 });
    for (const id of acked) assert.ok(await store.memory.get(id), `acknowledged ${id} survived`);
    const onDisk = (await store.memory.list()).filter((r) => r.source === 'worker:k');
    assert.ok(onDisk.length === acked.length || onDisk.length === acked.length + 1, `${onDisk.length} on disk for ${acked.length} acknowledged`);
    // The killed writer may have held the lock: the next write takes it over and succeeds.
    const after = await store.memory.append(newRecord('note', 'written after the crash'));
    assert.ok(await store.memory.get(after.id));
    assert.ok(readFileSync(join(dir, `memory/episodic/${month()}.jsonl`), 'utf8').endsWith('\n'));
    assert.ok(store.audit.verify().ok, 'the audit chain survived the kill');
    await store.close();
  });

  it('a torn last line is skipped with a warning, moved to quarantine/ on the next open, and never loses an earlier record', async () => {
    const dir = fresh('torn');
    let store = await openTestStore(dir);
    const kept = await store.memory.appendMany([newRecord('note', 'first'), newRecord('note', 'second')]);
    await store.close();
    const segment = join(dir, `memory/episodic/${month()}.jsonl`);
    const torn = '{"id":"01M88YGFRCF2TGB2TNN09ZZXXK","kind":"note","ts":"2026-11-2';
    appendFileSync(segment, torn); // what a writer killed mid-write leaves

    const log = captureLog();
    store = await openTestStore(dir, { logger: log.logger });
    assert.equal(log.warnings.length, 1);
    assert.match(log.warnings[0], new RegExp(`memory/episodic/${month()}\\.jsonl line 4: torn last line.*quarantine/`));
    for (const r of kept) assert.deepEqual(await store.memory.get(r.id), r);
    assert.ok(readFileSync(segment, 'utf8').endsWith('}\n'), 'the segment ends on a whole line again');
    const quarantined = allFiles(dir).filter((f) => f.startsWith('quarantine/'));
    assert.equal(quarantined.length, 1);
    const entry = JSON.parse(readLines(join(dir, quarantined[0]))[1]) as { file: string; raw: string; line: number };
    assert.deepEqual([entry.file, entry.raw, entry.line], [`memory/episodic/${month()}.jsonl`, torn, 4]);
    const next = await store.memory.append(newRecord('note', 'third'));
    assert.equal((await store.memory.get(next.id))?.text, 'third', 'appending after the repair works');
    await store.close();
  });

  it('a hand-corrupted line in the middle is quarantined and reported with its file and line; the rest stays readable', async () => {
    const dir = fresh('corrupt');
    let store = await openTestStore(dir);
    const [a, b, c] = await store.memory.appendMany([newRecord('note', 'alpha'), newRecord('note', 'beta'), newRecord('note', 'gamma')]);
    const cursor = await store.memory.cursor();
    await store.close();
    const segment = join(dir, `memory/episodic/${month()}.jsonl`);
    const lines = readFileSync(segment, 'utf8').split('\n');
    lines[2] = lines[2].replace('"beta"', '"beta'); // line 3 (record b): no longer JSON
    writeFileSync(segment, lines.join('\n'));

    const log = captureLog();
    store = await openTestStore(dir, { logger: log.logger });
    assert.equal(log.warnings.length, 1);
    assert.match(log.warnings[0], new RegExp(`memory/episodic/${month()}\\.jsonl line 3: not valid JSON; moved \\d+ bytes to quarantine/`));
    assert.deepEqual(await store.memory.get(a.id), a);
    assert.deepEqual(await store.memory.get(c.id), c);
    assert.equal(await store.memory.get(b.id), undefined);
    const q = allFiles(dir).find((f) => f.startsWith('quarantine/'))!;
    assert.ok(readFileSync(join(dir, q), 'utf8').includes('beta'), 'the damaged bytes are kept, not dropped');
    // The segment was rewritten: a cursor from before re-reads it instead of misreading offsets.
    const batch = await store.memory.readChanges(cursor);
    assert.deepEqual(batch.changes.map((ch) => (ch as { record: MemoryRecord }).record.id).sort(), [a.id, c.id].sort());
    await store.close();
  });

  it('a line that parses but breaks the schema is quarantined too', async () => {
    const dir = fresh('schema');
    let store = await openTestStore(dir);
    const good = await store.memory.append(newRecord('note', 'fine'));
    await store.close();
    appendFileSync(join(dir, `memory/episodic/${month()}.jsonl`), `${JSON.stringify({ ...good, id: '01M88YGFRCF2TGB2TNN09ZZXXZ', importance: 99 })}\n`);
    const log = captureLog();
    store = await openTestStore(dir, { logger: log.logger });
    assert.match(log.warnings.join('\n'), /line 3: record\.importance must be <= 10/);
    assert.deepEqual(await store.memory.get(good.id), good);
    assert.equal(await store.memory.get('01M88YGFRCF2TGB2TNN09ZZXXZ'), undefined);
    await store.close();
  });

  it('a torn last audit line is reported by verify, then quarantined by the next write, and the chain goes on', async () => {
    const dir = fresh('torn-audit');
    let store = await openTestStore(dir);
    await store.memory.append(newRecord('note', 'before'));
    await store.close();
    const day = join(dir, `audit/${new Date().toISOString().slice(0, 10)}.jsonl`);
    appendFileSync(day, '{"seq":3,"ts":"2026-11-2');
    const log = captureLog();
    store = await openTestStore(dir, { logger: log.logger });
    const before = store.audit.verify();
    assert.ok(before.ok, 'a torn tail is not tampering');
    assert.match(before.warnings.join('\n'), /torn last line/);
    await store.memory.append(newRecord('note', 'after'));
    assert.match(log.warnings.join('\n'), /audit\/.*line 4: torn last line.*quarantine\//);
    const after = store.audit.verify();
    assert.deepEqual([after.ok, after.entries, after.warnings], [true, 3, []]);
    await store.close();
  });
});
