import * as assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import type { ModelsViewState } from '../../src/protocol/modelsViewProtocol';
import { openProfileStore } from '../../src/core/profile/profileStore';
import type { AgentEvent } from '../../src/protocol/agentsProtocol';
import { activateMetaHuman, eventually } from './hostApi';

async function collect(stream: AsyncIterable<AgentEvent>): Promise<AgentEvent[]> {
  const events: AgentEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

suite('Agents', () => {
  suiteSetup(async () => {
    await activateMetaHuman();
    for (const text of [
      'Finished the tokenizer rewrite: keyword lookup now uses a trie and the benchmarks are twice as fast.',
      'Decided to keep SQLite FTS5 for the memory index after comparing it with Orama.',
      'Open question: should the reflection view group thoughts by project?',
    ])
      await vscode.commands.executeCommand<string>('metahuman.rememberThis', text);
  });

  test('the six agents are listed with their schedules; this window leads the profile', async () => {
    const api = await activateMetaHuman();
    const status = await eventually(() => api.agents.status(), (s) => s.agents.length === 6, 'the agents status');
    assert.deepEqual(
      status.agents.map((a) => a.id),
      ['organizer', 'reflector', 'dreamer', 'boredom', 'sleep', 'ingestor'],
    );
    await eventually(() => api.agents.status(), (s) => s.leader, 'leadership of the profile');
  });

  test('running the reflector writes a reflection citing the notes, streamed as it is written, and kept as a run record', async () => {
    const api = await activateMetaHuman();
    const events = await collect(api.agents.run('reflector'));
    const done = events.at(-1);
    assert.equal(done?.type, 'done');
    assert.ok(done?.type === 'done' && done.run.outcome === 'ok', `the run ended ok: ${JSON.stringify(done)}`);
    const record = events.find((e) => e.type === 'record');
    assert.ok(record?.type === 'record' && record.kind === 'reflection', 'the reflection was reported as written');
    assert.ok(record.cites.length > 0, 'it cites what it drew on');

    const store = await openProfileStore(process.env.MH_PROFILE ?? '', { actor: 'host-test' });
    try {
      const reflection = await store.memory.get(record.id);
      assert.equal(reflection?.kind, 'reflection');
      assert.equal(reflection?.source, 'agent:reflector');
      const notes = await store.memory.list({ kind: 'note' });
      assert.ok(
        reflection?.links.some((l) => l.rel === 'cites' && notes.some((n) => n.id === l.id)),
        'the reflection links the notes it drew on',
      );
    } finally {
      await store.close();
    }
    const status = await api.agents.status();
    assert.ok(status.recentRuns.some((r) => r.agent === 'reflector' && r.outcome === 'ok' && r.ids.includes(record.id)), 'the run is on record with what it wrote');
  });

  test('Run Agent… with an agent given runs it and reports the run', async () => {
    const api = await activateMetaHuman();
    const before = (await api.agents.status()).recentRuns.filter((r) => r.agent === 'organizer').length;
    await vscode.commands.executeCommand('metahuman.runAgent', 'organizer');
    const after = await api.agents.status();
    assert.equal(after.recentRuns.filter((r) => r.agent === 'organizer').length, before + 1);
  });

  test("Cancel, as the agents view sends it, stops a reflector run waiting on its model, and the run is recorded cancelled", async function () {
    this.timeout(90_000);
    const api = await activateMetaHuman();
    // An Ollama that lists a model and then never answers a chat: the run waits on it until cancelled.
    let chatAsked: () => void = () => undefined;
    const asked = new Promise<void>((resolve) => (chatAsked = resolve));
    const server = createServer((req: IncomingMessage, res: ServerResponse) => {
      req.resume();
      if (req.url?.startsWith('/api/tags')) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ models: [{ name: 'hanging-model', model: 'hanging-model', size: 1, digest: 'x', details: {} }] }));
      } else if (req.url?.startsWith('/api/chat')) {
        chatAsked();
      } else {
        res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'not scripted' }));
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const config = vscode.workspace.getConfiguration('metahuman');
    const target = vscode.ConfigurationTarget.Global;
    try {
      await config.update('llm.ollama.host', `http://127.0.0.1:${(server.address() as AddressInfo).port}`, target);
      await config.update('llm.ollama.model', 'hanging-model', target);
      await config.update('llm.provider', 'ollama', target);
      await eventually(() => Promise.resolve(vscode.commands.executeCommand<ModelsViewState>('metahuman.showModels')), (s) => s.status?.provider === 'ollama', 'the engine restarted with Ollama', 30_000);
      await vscode.commands.executeCommand<string>('metahuman.rememberThis', 'Sketched the cancel button of the agents view.');

      const run = collect(api.agents.run('reflector'));
      await asked;
      const cancel = await vscode.commands.executeCommand<{ cancelled: boolean }>('metahuman.agents.cancel', 'reflector');
      assert.deepEqual(cancel, { cancelled: true });
      const done = (await run).at(-1);
      assert.ok(done?.type === 'done' && done.run.outcome === 'cancelled', `the run ended cancelled: ${JSON.stringify(done)}`);
      const status = await api.agents.status();
      assert.equal(status.recentRuns.find((r) => r.runId === done.run.runId)?.outcome, 'cancelled', 'recorded as cancelled');
      await assert.rejects(Promise.resolve(vscode.commands.executeCommand('metahuman.agents.cancel', 'nobody')), /no agent "nobody" to cancel/);
    } finally {
      server.closeAllConnections();
      server.close();
      await config.update('llm.provider', undefined, target);
      await config.update('llm.ollama.host', undefined, target);
      await config.update('llm.ollama.model', undefined, target);
      // The suites after this one expect the engine back on the offline defaults.
      await eventually(() => Promise.resolve(vscode.commands.executeCommand<ModelsViewState>('metahuman.showModels')), (s) => s.status?.provider === 'offline', 'the engine back offline', 30_000);
    }
  });
});
