import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { backupFolder, backupProfile, listBackups, nodeBackupFs, type BackupFs } from '../../../src/core/agents/profileBackup';
import type { WriteAudit } from '../../../src/core/audit/auditEntry';
import { StoreError } from '../../../src/core/profile/storeError';
import type { ProfileStore } from '../../../src/core/profile/profileStore';
import { openTestStore, tempDirsForSuite } from '../store/storeFixtures';
import { note } from './agentRecords';

const makeDir = tempDirsForSuite();

function filesUnder(root: string, rel = ''): string[] {
  return readdirSync(join(root, rel), { withFileTypes: true }).flatMap((entry) => {
    const sub = rel ? `${rel}/${entry.name}` : entry.name;
    return entry.isDirectory() ? filesUnder(root, sub) : [sub];
  });
}

function backupAudits(store: ProfileStore): WriteAudit[] {
  return store.audit
    .days()
    .flatMap((rel) => store.audit.entries(rel.slice('audit/'.length, -'.jsonl'.length)))
    .filter((e): e is WriteAudit & typeof e => e.type === 'write' && e.op === 'create' && e.target === 'profile' && (e.detail ?? '').startsWith('backup'));
}

async function profileWithData(): Promise<ProfileStore> {
  const store = await openTestStore(makeDir('profile'));
  await store.memory.append(note('Decided to keep SQLite FTS5 for the index.', '2024-06-01T10:00:00.000Z'));
  await store.tasks.add({ title: 'Renew the TLS certificate' });
  // Files other parts of the profile keep: approvals, policy, an index cache, an inbox document.
  mkdirSync(join(store.dir, 'approvals'), { recursive: true });
  writeFileSync(join(store.dir, 'approvals', 'queue.jsonl'), '{"proposal":"p1"}\n');
  writeFileSync(join(store.dir, 'policy.json'), '{"rules":[]}\n');
  mkdirSync(join(store.dir, 'index'), { recursive: true });
  writeFileSync(join(store.dir, 'index', 'fts.sqlite'), 'derived');
  mkdirSync(join(store.dir, 'inbox'), { recursive: true });
  writeFileSync(join(store.dir, 'inbox', 'waiting.md'), '# not read yet');
  // A run in progress claims its agent; the claim is this process's runtime state, like the lock.
  mkdirSync(join(store.dir, 'agents', 'running'), { recursive: true });
  writeFileSync(join(store.dir, 'agents', 'running', 'organizer.json'), '{"runId":"r1","pid":1}\n');
  return store;
}

const at = (minute: number) => new Date(Date.UTC(2024, 5, 3, 2, minute));

describe('profile backup', () => {
  it('copies the durable files into a timestamped folder in <profile>/backups, not the index, lock, inbox or itself, and audits it once', async () => {
    const store = await profileWithData();
    const root = backupFolder(store.dir, '');
    assert.equal(root, join(store.dir, 'backups'));
    const report = await backupProfile(store, { root, keep: 7, now: at(0), inbox: join(store.dir, 'inbox') });

    assert.deepEqual(listBackups(root), ['profile-2024-06-03T02-00-00-000Z']);
    assert.equal(report.folder, join(root, 'profile-2024-06-03T02-00-00-000Z'));
    const copied = filesUnder(report.folder);
    assert.equal(report.files, copied.length);
    for (const wanted of ['persona/core.json', 'memory/tasks.jsonl', 'approvals/queue.jsonl', 'policy.json']) assert.ok(copied.includes(wanted), `${wanted} in ${copied.join(', ')}`);
    assert.ok(copied.some((f) => f.startsWith('memory/episodic/')) && copied.some((f) => f.startsWith('audit/')));
    for (const f of copied) assert.ok(!/^(index|inbox|backups|agents\/running)\/|^\.lock|^\.leader/.test(f), `${f} must not be backed up`);
    for (const f of copied) {
      const copy = readFileSync(join(report.folder, f));
      // The audit went on: the backup's own entry came after the copy.
      const original = f.startsWith('audit/') ? readFileSync(join(store.dir, f)).subarray(0, copy.length) : readFileSync(join(store.dir, f));
      assert.deepEqual(copy, original, `${f} copied as is`);
    }

    const second = await backupProfile(store, { root, keep: 7, now: at(1) });
    assert.ok(!filesUnder(second.folder).some((f) => f.startsWith('backups/')), 'a backup never contains earlier backups');
    assert.equal(backupAudits(store).length, 2, 'one audit entry per backup');
    assert.deepEqual(backupAudits(store)[0].files, [report.folder]);
    await store.close();
  });

  it('keeps only the newest N backups', async () => {
    const store = await profileWithData();
    const root = makeDir('backups');
    const removed: string[] = [];
    for (let minute = 0; minute < 5; minute++) removed.push(...(await backupProfile(store, { root, keep: 3, now: at(minute) })).removed);
    assert.deepEqual(listBackups(root), ['profile-2024-06-03T02-02-00-000Z', 'profile-2024-06-03T02-03-00-000Z', 'profile-2024-06-03T02-04-00-000Z']);
    assert.deepEqual(removed, ['profile-2024-06-03T02-00-00-000Z', 'profile-2024-06-03T02-01-00-000Z']);
    // Two backups in the same millisecond keep both names apart.
    await backupProfile(store, { root, keep: 3, now: at(4) });
    assert.deepEqual(listBackups(root), ['profile-2024-06-03T02-03-00-000Z', 'profile-2024-06-03T02-04-00-000Z', 'profile-2024-06-03T02-04-00-000Z-2']);
    await store.close();
  });

  it('on a full disk, fails naming the folder, shows no half backup and keeps the older ones', async () => {
    const store = await profileWithData();
    const root = makeDir('backups');
    await backupProfile(store, { root, keep: 2, now: at(0) });
    await backupProfile(store, { root, keep: 2, now: at(1) });
    const before = listBackups(root);
    let copies = 0;
    const fullDisk: BackupFs = {
      ...nodeBackupFs,
      copyFileSync(from, to) {
        if (++copies === 3) throw Object.assign(new Error('ENOSPC: no space left on device, copyfile'), { code: 'ENOSPC' });
        nodeBackupFs.copyFileSync(from, to);
      },
    };
    await assert.rejects(backupProfile(store, { root, keep: 2, now: at(2), fs: fullDisk }), (error: unknown) => {
      assert.ok(error instanceof StoreError);
      assert.equal(error.code, 'NO_SPACE');
      assert.match(error.message, /No space left/);
      assert.ok(error.message.includes(root), error.message);
      assert.match(error.message, /Older backups .* are untouched/);
      return true;
    });
    assert.deepEqual(readdirSync(root).sort(), before, 'no partial folder left, no backup rotated away');
    assert.equal(backupAudits(store).length, 2, 'a failed backup is not audited as made');
    await store.close();
  });

  it('an unwritable backup path gives an error naming it', async () => {
    const store = await profileWithData();
    const blocker = join(makeDir('blocked'), 'a-file');
    writeFileSync(blocker, 'not a folder');
    const root = join(blocker, 'backups');
    await assert.rejects(backupProfile(store, { root, keep: 3, now: at(0) }), (error: unknown) => {
      assert.ok(error instanceof StoreError);
      assert.ok(error.message.includes(root), error.message);
      return true;
    });
    await assert.rejects(backupProfile(store, { root: join(store.dir, '..'), keep: 3, now: at(0) }), /contains the profile/);
    await store.close();
  });

  it('a run killed midway leaves no backup under a final name, and the next run clears its leftover', async () => {
    const store = await profileWithData();
    const root = makeDir('backups');
    await backupProfile(store, { root, keep: 3, now: at(0) });
    // What a killed run leaves: a partial folder named after a process that no longer exists.
    const deadPid = spawnSync(process.execPath, ['-e', '']).pid;
    const leftover = join(root, `.partial-${deadPid}-deadbeef`);
    mkdirSync(join(leftover, 'persona'), { recursive: true });
    writeFileSync(join(leftover, 'persona', 'persona.json'), '{"half":');
    assert.deepEqual(listBackups(root), ['profile-2024-06-03T02-00-00-000Z'], 'the half copy is not a backup');

    await backupProfile(store, { root, keep: 3, now: at(1) });
    assert.equal(existsSync(leftover), false);
    assert.deepEqual(readdirSync(root).sort(), ['profile-2024-06-03T02-00-00-000Z', 'profile-2024-06-03T02-01-00-000Z']);
    await store.close();
  });
});
