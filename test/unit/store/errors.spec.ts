import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { StoreError } from '../../../src/core/profile/storeError';
import { allFiles, faultyFs, newRecord, openTestStore, tempDirsForSuite } from './storeFixtures';

const month = () => new Date().toISOString().slice(0, 7);
const today = () => new Date().toISOString().slice(0, 10);

/** Every file's bytes, to prove a failed write changed none of them. */
function snapshot(dir: string): Map<string, string> {
  return new Map(allFiles(dir).map((rel) => [rel, readFileSync(join(dir, rel), 'utf8')]));
}

describe('disk-full and permission errors', () => {
  const fresh = tempDirsForSuite();

  it('a disk that fills mid-append fails clearly, naming the file, and leaves no partial line', async () => {
    const dir = fresh('enospc');
    const fs = faultyFs({ op: 'writeSync', code: 'ENOSPC', partial: true, when: (p) => p.includes('memory/episodic') });
    fs.armed = false;
    const store = await openTestStore(dir, { fs });
    const kept = await store.memory.appendMany([newRecord('note', 'one'), newRecord('note', 'two')]);
    const before = snapshot(dir);
    fs.armed = true;
    await assert.rejects(store.memory.append(newRecord('note', 'three')), (e: StoreError) => {
      assert.equal(e.code, 'NO_SPACE');
      assert.equal(e.file, `memory/episodic/${month()}.jsonl`);
      assert.match(e.message, new RegExp(`No space left on the device while appending to memory/episodic/${month()}\\.jsonl.*earlier data is intact`));
      return true;
    });
    assert.deepEqual(snapshot(dir), before, 'every file is exactly as before the failed write');
    fs.armed = false;
    const next = await store.memory.append(newRecord('note', 'after freeing space'));
    for (const r of [...kept, next]) assert.equal((await store.memory.get(r.id))?.text, r.text);
    assert.ok(store.audit.verify().ok);
    await store.close();
  });

  it('a record is not kept when its audit entry cannot be written', async () => {
    const dir = fresh('audit-full');
    const fs = faultyFs({ op: 'writeSync', code: 'ENOSPC', partial: true, when: (p) => p.includes(`audit/${today()}`) });
    fs.armed = false;
    const store = await openTestStore(dir, { fs });
    await store.memory.append(newRecord('note', 'audited'));
    const before = snapshot(dir);
    fs.armed = true;
    await assert.rejects(store.memory.append(newRecord('note', 'unaudited')), (e: StoreError) => e.code === 'NO_SPACE' && e.file === `audit/${today()}.jsonl`);
    assert.deepEqual(snapshot(dir), before);
    fs.armed = false;
    assert.equal((await store.memory.list()).filter((r) => r.text === 'unaudited').length, 0);
    await store.close();
  });

  it('a persona save refused by the file system keeps the current persona', async () => {
    const dir = fresh('eacces');
    const fs = faultyFs({ op: 'renameSync', code: 'EACCES', when: (p) => p.endsWith('persona/core.json') });
    fs.armed = false;
    const store = await openTestStore(dir, { fs });
    const before = store.persona.current();
    fs.armed = true;
    await assert.rejects(store.persona.set('identity.name', 'Ada'), (e: StoreError) => {
      assert.equal(e.code, 'PERMISSION');
      assert.match(e.message, /Permission denied while writing persona\/core\.json/);
      return true;
    });
    assert.deepEqual(store.persona.current(), before);
    assert.ok(!allFiles(dir).some((f) => f.includes('.tmp-')), 'no temp file left behind');
    await store.close();
  });

  it('a profile folder the user may not write to opens for reading (even with damage it cannot repair) and refuses writes with a clear error', { timeout: 30_000 }, async () => {
    const dir = fresh('readonly');
    const store = await openTestStore(dir);
    await store.memory.append(newRecord('note', 'written while it was writable'));
    await store.close();
    appendFileSync(join(dir, `memory/episodic/${month()}.jsonl`), '{"id":"01M8'); // a torn line it cannot repair
    const before = snapshot(dir);
    const script = join(__dirname, 'children', 'writeAsUser.ts');
    let output: string;
    if (process.getuid?.() === 0) {
      // root ignores permissions: run the writer as an unprivileged user, who may read (0755) but not write.
      chmodSync(dir, 0o755);
      output = spawnSync(process.execPath, ['--import', 'tsx', script, dir], { uid: 65534, gid: 65534, encoding: 'utf8', cwd: join(__dirname, '../../..') }).stdout;
    } else {
      for (const rel of ['', 'memory', 'memory/episodic', 'audit']) chmodSync(join(dir, rel), 0o555);
      output = spawnSync(process.execPath, ['--import', 'tsx', script, dir], { encoding: 'utf8' }).stdout;
      for (const rel of ['', 'memory', 'memory/episodic', 'audit']) chmodSync(join(dir, rel), 0o755);
    }
    assert.match(output, /^read 1$/m, output);
    assert.match(output, /^error PERMISSION Permission denied while creating the lock \.lock/m, output);
    assert.deepEqual(snapshot(dir), before);
  });
});
