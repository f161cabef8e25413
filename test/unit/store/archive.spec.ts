import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MEMORY_KINDS, type MemoryRecord } from '../../../src/core/memory/record';
import { exportProfile, importProfile } from '../../../src/core/profile/profileArchive';
import type { ProfileStore } from '../../../src/core/profile/profileStore';
import type { StoreError } from '../../../src/core/profile/storeError';
import { allFiles, cleanup, newRecord, openTestStore, tempDir } from './storeFixtures';

async function everything(store: ProfileStore): Promise<MemoryRecord[]> {
  const out: MemoryRecord[] = [];
  for await (const r of store.memory.scan()) out.push(r);
  return out.sort((a, b) => a.id.localeCompare(b.id));
}

describe('export and import', () => {
  const work = tempDir('archive');
  const source = join(work, 'source');
  const bundle = join(work, 'me.mhbundle.jsonl');
  let expected: MemoryRecord[];
  after(() => cleanup(work));

  before(async () => {
    const store = await openTestStore(source);
    for (const kind of MEMORY_KINDS) await store.memory.append(newRecord(kind, `${kind}: résumé of the week ✓`, { tags: [kind] }));
    const big = await store.memory.append(newRecord('note', `long ${'ü'.repeat(700_000)}`)); // spans two bundle chunks, split mid-character
    const task = await store.tasks.add({ title: 'export me', due: '2026-12-24' });
    await store.tasks.done(task.id);
    await store.memory.edit(big.id, { op: 'validate' });
    const gone = await store.memory.append(newRecord('note', 'to be forgotten'));
    await store.memory.forget(gone.id);
    await store.persona.set('identity.name', 'Ada');
    await store.audit.record({ type: 'agent_run', agent: 'reflector', runId: 'r1', phase: 'start' });
    expected = await everything(store);
    await exportProfile(store, bundle);
    await store.close();
  });

  it('restores into an empty folder with identical content', async () => {
    const target = join(work, 'restored');
    const report = await importProfile(bundle, target, { actor: 'test', durable: false });
    const sourceFiles = allFiles(source).filter((f) => f !== '.leader');
    assert.equal(report.files, sourceFiles.length);
    assert.deepEqual(allFiles(target), sourceFiles);
    const today = `audit/${new Date().toISOString().slice(0, 10)}.jsonl`;
    for (const rel of sourceFiles) {
      const a = readFileSync(join(source, rel));
      const b = readFileSync(join(target, rel));
      if (rel !== today) assert.ok(a.equals(b), `${rel} is byte-identical`);
      else assert.ok(b.subarray(0, a.length).equals(a) && b.subarray(a.length).toString().includes('"op":"import"'), 'the audit gains only the import entry');
    }
    const restored = await openTestStore(target);
    assert.deepEqual(await everything(restored), expected);
    assert.equal(restored.persona.get().identity.name, 'Ada');
    assert.equal(restored.persona.history().length, 2);
    assert.ok(restored.audit.verify().ok, 'the chain continues across the import');
    await restored.close();
  });

  it('refuses a folder that is not empty, and touches nothing in it', async () => {
    const target = join(work, 'occupied');
    mkdirSync(target);
    writeFileSync(join(target, 'notes.txt'), 'mine');
    await assert.rejects(importProfile(bundle, target, { durable: false }), (e: StoreError) => e.code === 'NOT_EMPTY');
    assert.deepEqual(allFiles(target), ['notes.txt']);
  });

  it('refuses a damaged, truncated or hostile bundle before writing anything', async () => {
    const lines = readFileSync(bundle, 'utf8').split('\n');
    const cases: [string, string[]][] = [
      ['checksum', lines.map((l) => l.replace('résumé of the week', 'résumé of the weak'))],
      ['truncated', lines.slice(0, 5)],
      ['escape', [lines[0], JSON.stringify({ path: '../outside.txt', chunk: 0, chunks: 1, size: 1, sha256: '', encoding: 'utf8', data: 'x' }), ...lines.slice(1)]],
    ];
    for (const [label, content] of cases) {
      const file = join(work, `${label}.jsonl`);
      writeFileSync(file, content.join('\n'));
      const target = join(work, `target-${label}`);
      await assert.rejects(importProfile(file, target, { durable: false }), (e: StoreError) => e.code === 'CORRUPT', label);
      assert.equal(existsSync(target), false, `${label}: no half profile left behind`);
    }
    assert.equal(existsSync(join(work, 'outside.txt')), false);
  });
});
