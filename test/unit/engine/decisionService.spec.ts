import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { DecisionEngine } from '../../../src/core/decisions/decisionEngine';
import { DecisionService, proposerSource } from '../../../src/core/engine/decisionService';
import type { ProfileStore } from '../../../src/core/profile/profileStore';
import { defaultSettings } from '../../../src/core/settings/settingsTable';
import type { Messenger } from '../../../src/protocol/messenger';
import { openTestStore, tempDirsForSuite } from '../store/storeFixtures';

interface Sent {
  method: string;
  params: { id?: string; pending?: number; status?: string };
}

/** The extension host as the engine sees it: only the notifications it is sent. */
function fakeHost(): { host: Messenger; sent: Sent[] } {
  const sent: Sent[] = [];
  const host = { notify: (type: { method: string }, params: Sent['params']) => sent.push({ method: type.method, params }) } as unknown as Messenger;
  return { host, sent };
}

async function eventually(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (check()) return;
    await sleep(50);
  }
  assert.fail(`timed out waiting for ${what}`);
}

function serviceOn(store: ProfileStore, host: Messenger): DecisionService {
  return new DecisionService(
    { profilePath: store.dir, values: defaultSettings(), actor: 'test' },
    { openStore: () => Promise.resolve(store), openIndex: () => Promise.reject(new Error('no index in this test')), host, log: () => undefined },
  );
}

/** Another process on the same profile, as `mh approvals propose` is. */
function cliEngine(store: ProfileStore): DecisionEngine {
  return new DecisionEngine({ store, settings: defaultSettings(), actor: 'cli' });
}

describe('engine decision service', () => {
  const temp = tempDirsForSuite();

  it("raises the editor's approval notification once for a proposal another process made, and refreshes the views when it is decided elsewhere", async () => {
    const dir = temp('watch');
    const engineStore = await openTestStore(dir);
    const cliStore = await openTestStore(dir);
    const { host, sent } = fakeHost();
    const service = serviceOn(engineStore, host);
    try {
      await service.start();
      const proposal = await cliEngine(cliStore).propose({ skill: 'notify', args: { message: 'Stand-up in five minutes' }, source: 'cli', reason: 'a reminder' });
      assert.equal(proposal.status, 'pending', 'notify asks first on a new profile');
      await eventually(() => sent.some((s) => s.method === 'decisions/pending' && s.params.id === proposal.id), 'the pending notification');
      await sleep(1_500);
      assert.equal(sent.filter((s) => s.method === 'decisions/pending').length, 1, 'asked once, not at every look at the queue');

      await cliEngine(cliStore).reject(proposal.id, 'not now');
      await eventually(() => sent.some((s) => s.method === 'decisions/changed' && s.params.pending === 0), 'the views told the queue changed');
    } finally {
      service.close();
      await cliStore.close();
      await engineStore.close();
    }
  });

  it('does not re-ask about proposals that were already pending when the engine started, yet lists them', async () => {
    const dir = temp('restart');
    const store = await openTestStore(dir);
    const earlier = await cliEngine(store).propose({ skill: 'notify', args: { message: 'Water the plants' }, source: 'cli', reason: 'a reminder' });
    const { host, sent } = fakeHost();
    const service = serviceOn(store, host);
    try {
      await service.start();
      await sleep(1_500);
      assert.equal(sent.filter((s) => s.method === 'decisions/pending').length, 0);
      const state = await service.state();
      assert.deepEqual(
        state.pending.map((p) => p.id),
        [earlier.id],
      );
    } finally {
      service.close();
      await store.close();
    }
  });

  it('a proposal over the protocol names who proposes; nobody can claim to be the person', () => {
    assert.equal(proposerSource('chat'), 'chat');
    assert.equal(proposerSource('agent:organizer'), 'agent:organizer');
    assert.throws(() => proposerSource('person'), /chat, cli or agent:<id>, not 'person'/);
  });
});
