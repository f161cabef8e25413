import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { leaderGone, type LeaderRecord } from '../../../src/core/profile/leadership';
import type { LockOwner } from '../../../src/core/profile/profileLock';
import { readProfileSummary } from '../../../src/core/profile/profileSummary';
import type { StoreError } from '../../../src/core/profile/storeError';
import { newRecord, openTestStore, runChild, tempDirsForSuite } from './storeFixtures';

function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

function writeLock(dir: string, owner: Partial<LockOwner>): void {
  const now = new Date().toISOString();
  writeFileSync(join(dir, '.lock'), JSON.stringify({ pid: 1, hostname: hostname(), purpose: 'append', acquiredAt: now, heartbeat: now, nonce: 'theirs', ...owner }));
}

const waitFor = async (check: () => boolean, ms: number) => {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
  return check();
};

describe('profile lock and leadership', () => {
  const makeDir = tempDirsForSuite();
  const fresh = async (label: string) => {
    const dir = makeDir(label);
    await (await openTestStore(dir)).close();
    return dir;
  };

  it('takes over a lock left by a process that died', async () => {
    const dir = await fresh('dead-lock');
    writeLock(dir, { pid: deadPid() });
    const store = await openTestStore(dir, { lockTimeoutMs: 2_000 });
    const started = Date.now();
    await store.memory.append(newRecord('note', 'after the takeover'));
    assert.ok(Date.now() - started < 1_000, 'no waiting for a dead owner');
    await store.close();
  });

  it('takes over an empty lock whose writer died between creating and filling it', async () => {
    const dir = await fresh('empty-lock');
    writeFileSync(join(dir, '.lock'), '');
    const past = new Date(Date.now() - 5_000);
    utimesSync(join(dir, '.lock'), past, past);
    const store = await openTestStore(dir, { lockTimeoutMs: 2_000 });
    await store.memory.append(newRecord('note', 'after an empty lock'));
    await store.close();
  });

  it('waits for a live owner, then names it when giving up', async () => {
    const dir = await fresh('live-lock');
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      writeLock(dir, { pid: sleeper.pid!, purpose: 'compact' });
      const store = await openTestStore(dir, { lockTimeoutMs: 300 });
      await assert.rejects(store.memory.append(newRecord('note', 'blocked')), (e: StoreError) => {
        assert.equal(e.code, 'LOCKED');
        assert.match(e.message, new RegExp(`locked by pid ${sleeper.pid} on ${hostname()} \\(compact since`));
        return true;
      });
      sleeper.kill('SIGKILL');
      await new Promise((r) => sleeper.once('exit', r));
      await store.memory.append(newRecord('note', 'the owner is gone now'));
      await store.close();
    } finally {
      sleeper.kill('SIGKILL');
    }
  });

  it('takes over a live owner whose heartbeat stopped, and respects another host until then', async () => {
    const dir = await fresh('stale-heartbeat');
    const old = new Date(Date.now() - 60_000).toISOString();
    writeLock(dir, { pid: process.ppid, heartbeat: old, acquiredAt: old });
    const store = await openTestStore(dir, { lockTimeoutMs: 2_000 });
    await store.memory.append(newRecord('note', 'after a frozen owner'));
    writeLock(dir, { pid: 1, hostname: 'another-machine' });
    await assert.rejects(openTestStore(dir, { lockTimeoutMs: 200 }).then((s) => s.memory.append(newRecord('note', 'x'))), /another-machine/);
    writeLock(dir, { pid: 1, hostname: 'another-machine', heartbeat: old });
    await store.memory.append(newRecord('note', 'the other machine stopped beating'));
    await store.close();
  });

  it('lets one window lead; another takes over when it closes', async () => {
    const dir = await fresh('leader-close');
    const a = await openTestStore(dir, { heartbeatMs: 30 });
    const b = await openTestStore(dir, { heartbeatMs: 30 });
    const changes: boolean[] = [];
    b.leadership.onLeadershipChange((leads) => changes.push(leads));
    assert.equal(await a.leadership.acquireLeadership(), true);
    assert.equal(await b.leadership.acquireLeadership(), false);
    assert.equal(a.leadership.isLeader, true);
    await a.close();
    assert.ok(await waitFor(() => b.leadership.isLeader, 2_000), 'b took over');
    assert.deepEqual(changes, [true]);
    assert.equal(b.leadership.currentLeader()?.pid, process.pid);
    await b.close();
  });

  it('takes leadership from a leader process that was killed', { timeout: 30_000 }, async () => {
    const dir = await fresh('leader-kill');
    const child = runChild('leaderWorker.ts', [dir]);
    assert.ok(await waitFor(() => child.lines.includes('leader'), 20_000), 'the child leads');
    const follower = await openTestStore(dir, { heartbeatMs: 30, leaseMs: 60_000 });
    assert.equal(await follower.leadership.acquireLeadership(), false);
    const leaderPid = (JSON.parse(readFileSync(join(dir, '.leader'), 'utf8')) as { pid: number }).pid;
    assert.equal(leaderPid, child.child.pid);
    child.child.kill('SIGKILL');
    await child.exit;
    assert.ok(await waitFor(() => follower.leadership.isLeader, 2_000), 'a dead pid is taken over long before the lease runs out');
    await follower.close();
  });

  it('a recorded leader whose process died, or whose heartbeat ran out, is not reported as leading', async () => {
    const now = Date.now();
    const record = (over: Partial<LeaderRecord>): LeaderRecord => ({ pid: process.ppid, hostname: hostname(), name: 'vscode', since: new Date(now).toISOString(), heartbeat: new Date(now).toISOString(), nonce: 'theirs', ...over });
    assert.equal(leaderGone(record({}), 15_000, now), false, 'a live process with a fresh heartbeat leads');
    assert.equal(leaderGone(record({ pid: deadPid() }), 15_000, now), true, 'its process is gone on this host');
    assert.equal(leaderGone(record({ pid: deadPid(), hostname: 'another-host' }), 15_000, now), false, 'on another host only the heartbeat tells');
    assert.equal(leaderGone(record({ hostname: 'another-host', heartbeat: new Date(now - 20_000).toISOString() }), 15_000, now), true, 'the heartbeat ran out');

    const dir = await fresh('leader-dead');
    const store = await openTestStore(dir);
    await store.close();
    writeFileSync(join(dir, '.leader'), JSON.stringify(record({ pid: deadPid() })));
    assert.equal((await readProfileSummary(dir)).leader?.gone, true, 'mh status says the killed leader stopped');
    const reopened = await openTestStore(dir);
    assert.equal(reopened.leadership.liveLeader(), undefined, 'mh agents status names no leader');
    assert.equal(reopened.leadership.currentLeader()?.pid !== undefined, true, 'the record is still there until someone takes over');
    await reopened.close();
  });
});
