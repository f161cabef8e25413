import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EngineServices } from '../../../src/core/engine/engineServices';
import { dialogueTurn, listThoughts } from '../../../src/core/engine/reflectionsService';
import { defaultSettings } from '../../../src/core/settings/settingsTable';
import type { ThoughtEvent } from '../../../src/protocol/reflectionsProtocol';
import { tempDirsForSuite } from '../store/storeFixtures';

/** The engine as a window runs it (offline model, lexical index), in this process; no background schedules. */
function engineOn(profilePath: string): EngineServices {
  return new EngineServices(
    { profilePath, values: { ...defaultSettings(), agentsEnabled: false }, actor: 'test' },
    { log: () => undefined, onIndexProgress: () => undefined, onMemoryChanged: () => undefined },
  );
}

async function collect(stream: AsyncIterable<ThoughtEvent>): Promise<ThoughtEvent[]> {
  const events: ThoughtEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

describe('engine: reflections', () => {
  const temp = tempDirsForSuite();

  it('lists reflections, dreams and dialogue turns newest first, each with the memories it cites, filtered by kind and time', async () => {
    const engine = engineOn(temp('list'));
    try {
      const store = await engine.openStore();
      const note = await store.memory.append({ kind: 'note', text: 'Chose SQLite FTS5 for the memory index.', source: 'test' });
      await store.memory.append({ kind: 'reflection', ts: '2026-03-01T10:00:00.000Z', text: 'I keep choosing boring storage.', source: 'agent:reflector', links: [{ rel: 'cites', id: note.id }] });
      await store.memory.append({ kind: 'dream', ts: '2026-03-02T03:00:00.000Z', text: 'A library of tries floating over a lake.', source: 'agent:dreamer' });
      await store.memory.append({ kind: 'dialogue', ts: '2026-03-03T09:00:00.000Z', text: 'Q: Why FTS5?\nA: It is simple.', source: 'agent:boredom', meta: { topic: { type: 'goal', id: 'g1', text: 'Ship the index' } } });

      const all = await listThoughts(store);
      assert.deepEqual(all.map((t) => t.kind), ['dialogue', 'dream', 'reflection']);
      assert.equal(all[0]?.topic, 'Ship the index');
      assert.deepEqual(all[2]?.cites, [{ id: note.id, kind: 'note', preview: 'Chose SQLite FTS5 for the memory index.' }]);

      const dreams = await listThoughts(store, { kinds: ['dream'] });
      assert.deepEqual(dreams.map((t) => t.text), ['A library of tries floating over a lake.']);
      const early = await listThoughts(store, { since: '2026-03-01T00:00:00.000Z', until: '2026-03-02T12:00:00.000Z' });
      assert.deepEqual(early.map((t) => t.kind), ['dream', 'reflection']);
    } finally {
      await engine.close();
    }
  });

  it('an inner-dialogue turn on a topic streams its text, then writes a dialogue record citing the memories it drew on (offline provider)', async () => {
    const engine = engineOn(temp('dialogue'));
    try {
      const store = await engine.openStore();
      const note = await store.memory.append({ kind: 'note', text: 'The tokenizer rewrite uses a trie for keyword lookup.', source: 'test' });
      const ports = { openStore: () => engine.openStore(), ask: (params: { message: string; mode: 'innerDialogue' }, signal: AbortSignal) => engine.chat.ask(params, signal) };
      const events = await collect(dialogueTurn(ports, 'the tokenizer trie', new AbortController().signal));

      const texts = events.filter((e) => e.type === 'text');
      const record = events.at(-1);
      assert.ok(texts.length > 0, 'the turn was streamed');
      assert.ok(record?.type === 'record', 'it ends with the record it wrote');
      assert.ok(texts.every((t) => t.type === 'text' && t.draft === record.draft), 'the draft becomes the record');
      assert.equal(texts.map((t) => (t.type === 'text' ? t.text : '')).join('').trim(), record.text.trim());
      assert.ok(record.cites.includes(note.id), `it cites the note: ${JSON.stringify(record)}`);

      const stored = await store.memory.get(record.id);
      assert.equal(stored?.kind, 'dialogue');
      assert.ok(stored?.links.some((l) => l.rel === 'cites' && l.id === note.id));
      const [listed] = await listThoughts(store, { kinds: ['dialogue'] });
      assert.equal(listed?.id, record.id, 'the prompt is the topic, not a thought of its own');
      assert.equal(listed?.topic, 'the tokenizer trie');
    } finally {
      await engine.close();
    }
  });
});
