import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { AgentRunRecord } from '../../../src/core/agents/agentTypes';
import { AgentService } from '../../../src/core/engine/agentService';
import { MemoryIndex } from '../../../src/core/index/memoryIndex';
import { openProfileStore, type ProfileStore } from '../../../src/core/profile/profileStore';
import { defaultSettings } from '../../../src/core/settings/settingsTable';
import { tempDirsForSuite } from '../store/storeFixtures';

const makeDir = tempDirsForSuite();

/** Runs the sleep service through the engine's agent service on `store`, as "Run Agent…" does; returns its run record. */
async function sleepThrough(store: ProfileStore): Promise<{ run: AgentRunRecord }> {
  let index: Promise<MemoryIndex> | undefined;
  const service = new AgentService(
    { profilePath: store.dir, values: { ...defaultSettings(), agentsBackupCount: 0, llmProvider: 'offline' } },
    {
      openStore: () => Promise.resolve(store),
      openIndex: () => (index ??= MemoryIndex.open({ dir: join(store.dir, 'index'), feed: store.memory })),
      afterWrite: () => Promise.resolve(),
      log: () => undefined,
      onActivity: () => undefined,
    },
  );
  let run: AgentRunRecord | undefined;
  for await (const event of service.run('sleep', new AbortController().signal)) if (event.type === 'done') run = event.run as AgentRunRecord;
  await service.close();
  await (await index)?.close();
  return { run: run! };
}

describe('sleep service and the shared index', () => {
  it('the leader compacts the shared index; a follower erases forgotten memories from the log but leaves the index to the leader', async () => {
    const dir = makeDir('profile');
    const leader = await openProfileStore(dir, { actor: 'test', durable: false });
    const follower = await openProfileStore(dir, { actor: 'test', durable: false });
    assert.ok(await leader.leadership.acquireLeadership());
    const [gone] = await follower.memory.appendMany([{ kind: 'note', text: 'Kumquat-5521 is the router password', source: 'vscode:note' }, { kind: 'note', text: 'Kept the parser notes', source: 'vscode:note' }]);
    await follower.memory.forget(gone.id);

    const asFollower = await sleepThrough(follower);
    assert.equal(asFollower.run.outcome, 'ok', asFollower.run.error);
    assert.match(asFollower.run.summary ?? '', /index — \d+ lines? of forgotten memories erased from \d+ log files?; index skipped \(the leading window or mh agents serve owns the shared index\)/);

    await leader.leadership.releaseLeadership();
    await leader.close();
    assert.ok(await follower.leadership.acquireLeadership());
    const asLeader = await sleepThrough(follower);
    assert.equal(asLeader.run.outcome, 'ok', asLeader.run.error);
    assert.match(asLeader.run.summary ?? '', /index — no forgotten memories left in the log; index compacted: [\d.]+ KB → [\d.]+ KB/);
    await follower.close();
  });
});
