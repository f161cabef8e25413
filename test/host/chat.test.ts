import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { openProfileStore } from '../../src/core/profile/profileStore';
import { defaultSettings } from '../../src/core/settings/settingsTable';
import { answerInChat, type ParticipantOutput } from '../../src/host/chat/chatParticipant';
import { EngineHost } from '../../src/host/engine/engineHost';
import type { ChatEvent } from '../../src/protocol/chatProtocol';
import { activateMetaHuman, eventually, extensionId } from './hostApi';

async function collect(stream: AsyncIterable<ChatEvent>): Promise<ChatEvent[]> {
  const events: ChatEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

suite('Chat', () => {
  let noteId: string;
  suiteSetup(async () => {
    await activateMetaHuman();
    noteId = await vscode.commands.executeCommand<string>('metahuman.rememberThis', 'We chose a trie for keyword lookup in the tokenizer because it is fast for prefixes.');
  });

  test('with no model configured, the twin answers from memory, cites it, and remembers the turn', async () => {
    const api = await activateMetaHuman();
    const events = await collect(api.ask({ message: 'Why did we choose a trie for keyword lookup?' }));
    const answer = events.filter((e) => e.type === 'token').map((e) => e.text).join('');
    assert.match(answer, /trie for keyword lookup/);
    assert.match(answer, /no language model is configured/i);
    assert.ok(events.some((e) => e.type === 'citation' && e.id === noteId), 'the note is cited');
    const done = events.find((e) => e.type === 'done');
    assert.equal(done?.type === 'done' && done.model, 'offline/extractive');
    const store = await openProfileStore(process.env.MH_PROFILE ?? '', { actor: 'host-test' });
    try {
      const chats = await store.memory.list({ kind: 'chat' });
      assert.ok(chats.some((r) => r.links.some((l) => l.rel === 'cites' && l.id === noteId)), 'the turn is a chat memory citing the note');
    } finally {
      await store.close();
    }
  });

  test('emulation answers but writes no memory', async () => {
    const api = await activateMetaHuman();
    const store = await openProfileStore(process.env.MH_PROFILE ?? '', { actor: 'host-test' });
    const before = (await store.memory.list({ kind: 'chat' })).length;
    await store.close();
    await collect(api.ask({ message: 'What lookup structure does the tokenizer use?', mode: 'emulation' }));
    const after = await openProfileStore(process.env.MH_PROFILE ?? '', { actor: 'host-test' });
    assert.equal((await after.memory.list({ kind: 'chat' })).length, before);
    await after.close();
  });

  test('@metahuman in the Chat view streams the same answer with links and references to the cited memory', async () => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension);
    const engine = new EngineHost({
      workerPath: join(extension.extensionPath, 'dist', 'engine.js'),
      settings: { profilePath: process.env.MH_PROFILE ?? '', values: defaultSettings(), actor: 'host-test' },
      requestTimeoutMs: 60_000,
      log: () => undefined,
    });
    const markdown: string[] = [];
    const references: string[] = [];
    const out: ParticipantOutput = {
      markdown: (value) => void markdown.push(typeof value === 'string' ? value : value.value),
      progress: () => undefined,
      reference: (value) => void references.push(value instanceof vscode.Uri ? value.toString() : value.uri.toString()),
    };
    try {
      await answerInChat(engine, 'Why a trie for keyword lookup?', out, new vscode.CancellationTokenSource().token);
    } finally {
      await engine.dispose();
    }
    assert.match(markdown.join(''), /trie for keyword lookup/);
    assert.ok(references.includes(`metahuman-memory:/${noteId}.md`), `references: ${references.join(', ')}`);
  });

  test("with VS Code's language models chosen but none offered, asking fails with a message that says what to do", async () => {
    const api = await activateMetaHuman();
    const config = vscode.workspace.getConfiguration('metahuman');
    await config.update('llm.provider', 'vscodeLm', vscode.ConfigurationTarget.Global);
    try {
      // The engine restarts with the new setting; until then the old one may still answer offline.
      const outcome = await eventually(
        () => collect(api.ask({ message: 'Why a trie?' })).then(() => 'answered', (error: unknown) => (error instanceof Error ? error.message : String(error))),
        (text) => text !== 'answered',
        'the engine to use the new provider',
      );
      assert.match(outcome, /no chat model|Language Model API/);
    } finally {
      await config.update('llm.provider', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
