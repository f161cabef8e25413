import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DecisionEngine } from '../../../src/core/decisions/decisionEngine';
import { registerTasksHandlers, TasksService } from '../../../src/core/engine/tasksService';
import type { ProfileStore } from '../../../src/core/profile/profileStore';
import { defaultSettings } from '../../../src/core/settings/settingsTable';
import { Messenger } from '../../../src/protocol/messenger';
import { TasksAddRequest, TasksFollowStream, TasksListRequest, TasksSetStatusRequest } from '../../../src/protocol/tasksProtocol';
import { createInProcessPair } from '../../../src/protocol/transport';
import { openTestStore, tempDirsForSuite } from '../store/storeFixtures';

function serviceOn(store: ProfileStore, onChanged: () => void = () => undefined): TasksService {
  return new TasksService({ openStore: () => Promise.resolve(store), onChanged });
}

describe('the tasks service', () => {
  const tempDir = tempDirsForSuite();

  async function withStore<T>(body: (store: ProfileStore) => Promise<T>): Promise<T> {
    const store = await openTestStore(tempDir('tasks'));
    try {
      return await body(store);
    } finally {
      await store.close();
    }
  }

  it('adds a task with a priority, a due date and a dependency, then starts, blocks and completes it', () =>
    withStore(async (store) => {
      const tasks = serviceOn(store);
      const first = await tasks.add({ title: 'Draft the release notes', priority: 1, due: '2026-03-02' });
      const second = await tasks.add({ title: 'Publish the release', priority: 2, dependsOn: [first.id] });
      assert.deepEqual([second.priority, second.dependsOn, second.source], [2, [first.id], 'user']);

      await tasks.setStatus({ id: first.id, status: 'in_progress' });
      const blocked = await tasks.setStatus({ id: first.id, status: 'blocked', blockedReason: 'waiting for the changelog review' });
      assert.equal(blocked.task.status, 'blocked');
      assert.equal(blocked.task.blockedReason, 'waiting for the changelog review');
      const resumed = await tasks.setStatus({ id: first.id, status: 'in_progress' });
      assert.equal(resumed.task.blockedReason, undefined, 'the reason goes once it is no longer blocked');
      await tasks.setStatus({ id: first.id, status: 'done' });

      const stored = await store.tasks.get(first.id);
      assert.equal(stored?.status, 'done');
      assert.equal(stored?.priority, 1);
      assert.equal(stored?.due, '2026-03-02');
      const history = await store.tasks.history(first.id);
      assert.deepEqual(history.map((e) => e.ev), ['created', 'status', 'updated', 'status', 'updated', 'status', 'status']);
    }));

  it('changes and clears the priority, due date and dependencies', () =>
    withStore(async (store) => {
      const tasks = serviceOn(store);
      const dep = await tasks.add({ title: 'Order the parts' });
      const task = await tasks.add({ title: 'Build the shelf' });
      const changed = await tasks.update({ id: task.id, priority: 4, due: '2026-04-01', dependsOn: [dep.id] });
      assert.deepEqual([changed.priority, changed.due, changed.dependsOn], [4, '2026-04-01', [dep.id]]);
      const cleared = await tasks.update({ id: task.id, priority: 0, due: '', dependsOn: [] });
      assert.deepEqual([cleared.priority, cleared.due, cleared.dependsOn], [undefined, undefined, []]);
    }));

  it('will not complete a task whose dependency is open without confirmation, and names the dependency', () =>
    withStore(async (store) => {
      const tasks = serviceOn(store);
      const dep = await tasks.add({ title: 'Get the signature' });
      const task = await tasks.add({ title: 'Send the contract', dependsOn: [dep.id] });
      const refused = await tasks.setStatus({ id: task.id, status: 'done' });
      assert.equal(refused.changed, false);
      assert.deepEqual(refused.changed === false && refused.openDependencies.map((t) => t.title), ['Get the signature']);
      assert.equal((await store.tasks.get(task.id))?.status, 'open', 'nothing changed');
      const confirmed = await tasks.setStatus({ id: task.id, status: 'done', confirmed: true });
      assert.equal(confirmed.task.status, 'done');
    }));

  it('refuses dependencies on itself, on unknown tasks and in a circle, writing nothing', () =>
    withStore(async (store) => {
      const tasks = serviceOn(store);
      const a = await tasks.add({ title: 'A' });
      const b = await tasks.add({ title: 'B', dependsOn: [a.id] });
      await assert.rejects(tasks.update({ id: a.id, dependsOn: [a.id] }), /cannot depend on itself/);
      await assert.rejects(tasks.update({ id: a.id, dependsOn: [b.id] }), /"B" already waits for this task/);
      await assert.rejects(tasks.add({ title: 'C', dependsOn: ['01ARZ3NDEKTSV4RRFFQ69G5FAV'] }), /No task with id 01ARZ3NDEKTSV4RRFFQ69G5FAV/);
      await assert.rejects(tasks.setStatus({ id: '01ARZ3NDEKTSV4RRFFQ69G5FAV', status: 'done' }), /No task with id/);
      assert.deepEqual((await store.tasks.get(a.id))?.dependsOn, undefined);
      assert.equal((await store.tasks.list()).length, 2);
    }));

  it("lists the twin's task proposals apart from the tasks, never as tasks", () =>
    withStore(async (store) => {
      const tasks = serviceOn(store);
      await tasks.add({ title: 'My own task' });
      const engine = new DecisionEngine({ store, settings: defaultSettings(), actor: 'test' });
      await engine.setTrust('task', { level: 'supervised' });
      const proposal = await engine.propose({ skill: 'task', args: { action: 'create', title: 'Follow up with Dana on Friday', priority: 2 }, source: 'agent:reflector', reason: 'You wrote "follow up with Dana on Friday".' });
      assert.equal(proposal.status, 'pending');
      const state = await tasks.list();
      assert.deepEqual(state.tasks.map((t) => t.title), ['My own task']);
      assert.deepEqual(state.proposals.map((p) => [p.id, p.title, p.source, p.status, p.priority]), [[proposal.id, 'Follow up with Dana on Friday', 'agent:reflector', 'pending', 2]]);
      await engine.reject(proposal.id, 'not now');
      assert.deepEqual((await tasks.list()).proposals, [], 'an answered proposal is no longer listed');
    }));

  it('answers over the protocol, checking what the view sends', () =>
    withStore(async (store) => {
      const [hostSide, engineSide] = createInProcessPair();
      const host = new Messenger(hostSide, { peerName: 'The engine', log: () => undefined });
      const engine = new Messenger(engineSide, { peerName: 'The host', log: () => undefined });
      const service = registerTasksHandlers(engine, { openStore: () => Promise.resolve(store) });
      try {
        const added = await host.request(TasksAddRequest, { title: '  Water the plants  ', priority: 3 });
        assert.equal(added.title, 'Water the plants');
        await assert.rejects(host.request(TasksAddRequest, { title: '   ' }), /A task needs a title/);
        await assert.rejects(host.request(TasksAddRequest, { title: 'x', priority: 7 }), /1 \(P0\) to 4 \(P3\)/);
        await assert.rejects(host.request(TasksAddRequest, { title: 'x', due: 'next friday' }), /YYYY-MM-DD/);
        assert.deepEqual((await host.request(TasksListRequest, {})).tasks.map((t) => t.title), ['Water the plants']);
        const done = await host.request(TasksSetStatusRequest, { id: added.id, status: 'done' });
        assert.equal(done.task.status, 'done');
      } finally {
        service.close();
        host.dispose();
        engine.dispose();
      }
    }));

  it('follows changes another writer (another window, mh) makes, for as long as the view listens', () =>
    withStore(async (store) => {
      const [hostSide, engineSide] = createInProcessPair();
      const host = new Messenger(hostSide, { peerName: 'The engine', log: () => undefined });
      const engine = new Messenger(engineSide, { peerName: 'The host', log: () => undefined });
      const service = registerTasksHandlers(engine, { openStore: () => Promise.resolve(store) });
      const stop = new AbortController();
      // The engine's watch is unref'd (it never keeps a process alive); this test must stay up to hear it.
      const keepAlive = setInterval(() => undefined, 1000);
      try {
        const chunks = host.stream(TasksFollowStream, {}, { signal: stop.signal, timeoutMs: 0 })[Symbol.asyncIterator]();
        assert.deepEqual((await chunks.next()).value, {}, 'the first chunk: the engine watches now');
        const next = chunks.next();
        await store.tasks.add({ title: 'Added by mh', source: 'cli' });
        assert.deepEqual((await next).value, {});
        stop.abort();
        await chunks.return?.();
      } finally {
        clearInterval(keepAlive);
        service.close();
        host.dispose();
        engine.dispose();
      }
    }));
});
