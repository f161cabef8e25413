import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
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
});
