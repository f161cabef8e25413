import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { DecisionEngine } from '../../../src/core/decisions/decisionEngine';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DecisionService, proposerSource, registerDecisionHandlers } from '../../../src/core/engine/decisionService';
import type { ProfileStore } from '../../../src/core/profile/profileStore';
import { defaultSettings } from '../../../src/core/settings/settingsTable';
import {
  DecisionsAcceptRequest,
  DecisionsActedAloneNotification,
  DecisionsDismissRequest,
  DecisionsPendingNotification,
  DecisionsProposeRequest,
  DecisionsSetTrustRequest,
  type ProposalView,
} from '../../../src/protocol/decisionsProtocol';
import { Messenger } from '../../../src/protocol/messenger';
import { createInProcessPair } from '../../../src/protocol/transport';
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

/** The host and the engine talking over a real (in-process) messenger pair, with the decision handlers registered. */
function protocolPair(store: ProfileStore): { host: Messenger; engine: DecisionService; heard: Array<{ method: string; view: ProposalView }>; close: () => void } {
  const [hostSide, engineSide] = createInProcessPair();
  const host = new Messenger(hostSide, { peerName: 'The engine', log: () => undefined });
  const toHost = new Messenger(engineSide, { peerName: 'The host', log: () => undefined });
  const engine = serviceOn(store, toHost);
  registerDecisionHandlers(toHost, engine);
  const heard: Array<{ method: string; view: ProposalView }> = [];
  host.onNotification(DecisionsPendingNotification, (view) => heard.push({ method: DecisionsPendingNotification.method, view }));
  host.onNotification(DecisionsActedAloneNotification, (view) => heard.push({ method: DecisionsActedAloneNotification.method, view }));
  return { host, engine, heard, close: () => engine.close() };
}

function engineState(store: ProfileStore) {
  return cliEngine(store).state();
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

  it('over the protocol: a bounded action the twin took alone is sent once as decisions/actedAlone; the watch does not announce it again', async () => {
    const dir = temp('alone');
    const workspace = temp('alone-ws');
    const store = await openTestStore(dir);
    const { host, engine, heard, close } = protocolPair(store);
    try {
      await engine.start();
      await host.request(DecisionsSetTrustRequest, { skill: 'write-file', level: 'bounded' });
      const done = await host.request(DecisionsProposeRequest, { skill: 'write-file', args: { path: 'notes.md', content: 'hello\n' }, source: 'agent:organizer', reason: 'keep a note', workspace });
      assert.deepEqual([done.status, done.decision.decision, done.undoable], ['executed', 'allow', true]);
      assert.equal(readFileSync(join(workspace, 'notes.md'), 'utf8'), 'hello\n');
      await eventually(() => heard.some((h) => h.method === 'decisions/actedAlone'), 'the acted-alone notification');
      await sleep(1_500);
      assert.deepEqual(
        heard.map((h) => [h.method, h.view.id, h.view.status]),
        [['decisions/actedAlone', done.id, 'executed']],
      );
    } finally {
      close();
      await store.close();
    }
  });

  it('the watch tells the editor what an agent in another process did alone, once', async () => {
    const dir = temp('alone-elsewhere');
    const workspace = temp('alone-elsewhere-ws');
    const engineStore = await openTestStore(dir);
    const cliStore = await openTestStore(dir);
    const { host, sent } = fakeHost();
    const service = serviceOn(engineStore, host);
    try {
      await service.start();
      const other = cliEngine(cliStore);
      await other.setTrust('write-file', { level: 'bounded' });
      const done = await other.propose({ skill: 'write-file', args: { path: 'notes.md', content: 'x\n' }, source: 'agent:organizer', reason: 'note', workspace });
      assert.equal(done.status, 'executed');
      await eventually(() => sent.some((s) => s.method === 'decisions/actedAlone' && s.params.id === done.id), 'the acted-alone notification');
      await sleep(1_500);
      assert.equal(sent.filter((s) => s.method === 'decisions/actedAlone').length, 1);
      assert.equal(sent.filter((s) => s.method === 'decisions/pending').length, 0);
    } finally {
      service.close();
      await cliStore.close();
      await engineStore.close();
    }
  });

  it("over the protocol: a suggestion is announced as decisions/pending with status suggested; decisions/accept runs it as the person's run, decisions/dismiss keeps the reason", async () => {
    const dir = temp('suggest');
    const workspace = temp('suggest-ws');
    const store = await openTestStore(dir);
    const { host, heard, close } = protocolPair(store);
    try {
      await host.request(DecisionsSetTrustRequest, { skill: 'write-file', level: 'suggest' });
      const propose = (path: string) => host.request(DecisionsProposeRequest, { skill: 'write-file', args: { path, content: 'hi\n' }, source: 'chat', reason: 'a note', workspace });
      const first = await propose('a.md');
      const second = await propose('b.md');
      assert.deepEqual([first.status, second.status], ['suggested', 'suggested']);
      await eventually(() => heard.length === 2, 'both suggestions announced');
      assert.deepEqual(
        heard.map((h) => [h.method, h.view.status]),
        [
          ['decisions/pending', 'suggested'],
          ['decisions/pending', 'suggested'],
        ],
      );
      assert.equal(existsSync(join(workspace, 'a.md')), false);

      const run = await host.request(DecisionsAcceptRequest, { id: first.id });
      assert.deepEqual([run.status, run.source], ['executed', 'person']);
      assert.equal(readFileSync(join(workspace, 'a.md'), 'utf8'), 'hi\n');

      const dismissed = await host.request(DecisionsDismissRequest, { id: second.id, reason: 'not now' });
      assert.deepEqual([dismissed.status, dismissed.rejectReason], ['dismissed', 'not now']);
      assert.equal(existsSync(join(workspace, 'b.md')), false);
      const { recent } = await engineState(store);
      assert.deepEqual(recent.find((p) => p.id === first.id)?.acceptedAs, run.id);
    } finally {
      close();
      await store.close();
    }
  });

  it('a proposal over the protocol names who proposes; nobody can claim to be the person', () => {
    assert.equal(proposerSource('chat'), 'chat');
    assert.equal(proposerSource('agent:organizer'), 'agent:organizer');
    assert.throws(() => proposerSource('person'), /chat, cli or agent:<id>, not 'person'/);
  });
});
