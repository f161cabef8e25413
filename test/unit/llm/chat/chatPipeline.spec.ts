import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { AuditEntry } from '../../../../src/core/audit/auditEntry';
import { ChatPipeline } from '../../../../src/core/llm/chat/chatPipeline';
import type { ChatEvent } from '../../../../src/core/llm/chat/chatTypes';
import type { MemoryRecord } from '../../../../src/core/memory/record';
import { buildChatProfile, NOW, type ChatProfile } from './chatFixtures';
import { ScriptedProvider } from './scriptedProvider';

async function collect(events: AsyncIterable<ChatEvent>, onEvent?: (e: ChatEvent, all: ChatEvent[]) => void): Promise<ChatEvent[]> {
  const out: ChatEvent[] = [];
  for await (const e of events) {
    out.push(e);
    onEvent?.(e, out);
  }
  return out;
}

async function allRecords(profile: ChatProfile): Promise<MemoryRecord[]> {
  const out: MemoryRecord[] = [];
  for await (const r of profile.store.memory.scan()) out.push(r);
  return out;
}

function modelCalls(profile: ChatProfile): AuditEntry[] {
  return profile.store.audit.days().flatMap((d) => profile.store.audit.entries(/\d{4}-\d{2}-\d{2}/.exec(d)![0])).filter((e) => e.type === 'model_call');
}

describe('chat pipeline', () => {
  let dir: string;
  let profile: ChatProfile;
  let parserId: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mh-chat-pipeline-'));
    profile = await buildChatProfile(dir);
    parserId = profile.records[0].id;
  });
  after(async () => {
    await profile.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('streams context, then tokens with each resolvable citation after the token that completes it, then done; writes chat turns with cites links', async () => {
    const bogus = '01HZZZZZZZZZZZZZZZZZZZZZZZ';
    const provider = new ScriptedProvider([{ chunks: ['You fixed it by serialising reads ', `[m:${parserId.slice(0, 10)}`, `${parserId.slice(10)}] `, `(not [m:${bogus}]).`], usage: { promptTokens: 321, completionTokens: 12 } }]);
    const pipeline = new ChatPipeline(profile.store, profile.index, provider, { model: 'tiny', now: () => NOW, source: 'test:chat' });
    const events = await collect(pipeline.ask({ message: 'How did I fix the parser race?' }));
    assert.deepEqual(events.map((e) => e.type), ['context', 'token', 'token', 'token', 'citation', 'token', 'done']);
    const context = events[0].type === 'context' ? events[0].report : undefined;
    assert.ok(context?.memories.some((m) => m.id === parserId));
    assert.deepEqual(events[4], { type: 'citation', id: parserId, preview: context?.memories.find((m) => m.id === parserId)?.preview });
    // The prompt the model saw holds the persona and the memory it cited.
    const system = provider.requests[0].messages[0].content;
    assert.match(system, /digital twin of Ada/);
    assert.ok(system.includes(`[m:${parserId}]`));
    assert.equal(provider.requests[0].model, 'tiny');

    const done = events.at(-1);
    assert.ok(done?.type === 'done');
    assert.deepEqual(done.usage, { promptTokens: 321, completionTokens: 12, estimated: false });
    assert.equal(done.turnIds.length, 2);
    assert.equal(done.stopped, false);
    const [question, answer] = await Promise.all(done.turnIds.map((id) => profile.store.memory.get(id)));
    assert.equal(question?.kind, 'chat');
    assert.deepEqual(question?.meta, { conversation: done.conversationId, role: 'user', mode: 'conversation' });
    assert.equal(answer?.kind, 'chat');
    assert.equal(answer?.source, 'test:chat');
    assert.equal(answer?.meta.conversation, done.conversationId);
    assert.deepEqual(answer?.links, [{ rel: 'cites', id: parserId }]);

    // History reads back from the chat memories, and the next turn sees the earlier one.
    assert.deepEqual((await pipeline.conversation(done.conversationId)).map((t) => t.role), ['user', 'assistant']);
    const list = await pipeline.listConversations();
    assert.equal(list[0].id, done.conversationId);
    assert.equal(list[0].title, 'How did I fix the parser race?');
    const next = new ScriptedProvider([{ chunks: ['June.'] }]);
    const follow = new ChatPipeline(profile.store, profile.index, next, { now: () => NOW });
    await collect(follow.ask({ message: 'And when is the release?', conversationId: done.conversationId }));
    assert.deepEqual(next.requests[0].messages.map((m) => m.role), ['system', 'user', 'assistant', 'user']);
    assert.equal(next.requests[0].messages[1].content, 'How did I fix the parser race?');
    assert.equal((await follow.conversation(done.conversationId)).length, 4);
  });

  it('at depth 2 streams a plan and two critic rounds before the answer, each audited', async () => {
    const provider = new ScriptedProvider([{ chunks: ['Asked: ', 'the release.'] }, { chunks: ['Critique one.'] }, { chunks: ['Critique two.'] }, { chunks: ['In June.'] }]);
    const before = modelCalls(profile).length;
    const pipeline = new ChatPipeline(profile.store, profile.index, provider, { now: () => NOW });
    const events = await collect(pipeline.ask({ message: 'When is the release?', depth: 2 }));
    const stages = events.filter((e) => e.type === 'stage').map((e) => [e.name, e.text]);
    assert.deepEqual(stages, [['plan', 'Asked: '], ['plan', 'the release.'], ['critic 1', 'Critique one.'], ['critic 2', 'Critique two.']]);
    const firstToken = events.findIndex((e) => e.type === 'token');
    assert.ok(events.findLastIndex((e) => e.type === 'stage') < firstToken);
    assert.equal(provider.requests.length, 4);
    // The critic sees the plan, and the answer sees plan and critiques as private notes.
    assert.match(provider.requests[1].messages.at(-1)!.content, /Asked: the release\./);
    assert.match(provider.requests[3].messages[0].content, /private notes[\s\S]*Critique two\./);
    const calls = modelCalls(profile).slice(before);
    assert.deepEqual(calls.map((c) => c.type === 'model_call' && c.role), ['plan', 'critic', 'critic', 'chat']);
  });

  it('stops mid-answer: keeps what was said, marks it stopped, and audits the call as stopped', async () => {
    const provider = new ScriptedProvider([{ chunks: ['One ', 'two ', 'three ', 'four ', 'five'] }]);
    const pipeline = new ChatPipeline(profile.store, profile.index, provider, { now: () => NOW });
    const stop = new AbortController();
    const events = await collect(pipeline.ask({ message: 'Count for me', signal: stop.signal }), (_e, all) => {
      if (all.filter((x) => x.type === 'token').length === 2) stop.abort();
    });
    assert.deepEqual(events.filter((e) => e.type === 'token').map((e) => e.text), ['One ', 'two ']);
    const done = events.at(-1);
    assert.ok(done?.type === 'done' && done.stopped);
    const answer = await profile.store.memory.get(done.turnIds[1]);
    assert.equal(answer?.text, 'One two ');
    assert.equal(answer?.meta.stopped, true);
    const call = modelCalls(profile).at(-1);
    assert.ok(call?.type === 'model_call' && !call.ok && call.error === 'stopped by the person');
  });

  it('a stop during the plan ends before any answer: no further model call, only the question is kept', async () => {
    const provider = new ScriptedProvider([{ chunks: ['Plan ', 'goes ', 'on ', 'and on'] }, { chunks: ['never asked'] }]);
    const pipeline = new ChatPipeline(profile.store, profile.index, provider, { now: () => NOW });
    const stop = new AbortController();
    const events = await collect(pipeline.ask({ message: 'Plan my week', depth: 1, signal: stop.signal }), (e) => {
      if (e.type === 'stage') stop.abort();
    });
    assert.equal(provider.requests.length, 1);
    assert.ok(!events.some((e) => e.type === 'token'));
    const done = events.at(-1);
    assert.ok(done?.type === 'done' && done.stopped);
    assert.equal(done.turnIds.length, 1);
    assert.equal((await profile.store.memory.get(done.turnIds[0]))?.text, 'Plan my week');
  });

  it('emulation writes no memory; inner dialogue is stored as dialogue', async () => {
    const countBefore = (await allRecords(profile)).length;
    const emulation = new ChatPipeline(profile.store, profile.index, new ScriptedProvider([{ chunks: [`I fixed the parser [m:${parserId}].`] }]), { now: () => NOW });
    const events = await collect(emulation.ask({ message: 'What did you fix?', mode: 'emulation' }));
    const done = events.at(-1);
    assert.ok(done?.type === 'done');
    assert.deepEqual(done.turnIds, []);
    assert.ok(events.some((e) => e.type === 'citation'));
    assert.equal((await allRecords(profile)).length, countBefore);
    assert.equal(events[0].type, 'context');

    const inner = new ChatPipeline(profile.store, profile.index, new ScriptedProvider([{ chunks: ['Hm, caching again.'] }]), { now: () => NOW });
    const innerEvents = await collect(inner.ask({ message: 'caching', mode: 'innerDialogue' }));
    const innerDone = innerEvents.at(-1);
    assert.ok(innerDone?.type === 'done');
    const records = await Promise.all(innerDone.turnIds.map((id) => profile.store.memory.get(id)));
    assert.deepEqual(records.map((r) => r?.kind), ['dialogue', 'dialogue']);
    const list = await inner.listConversations();
    assert.equal(list.find((c) => c.id === innerDone.conversationId)?.mode, 'innerDialogue');
  });

  it('with an editor context, the file goes into the prompt and memories of that file join the search', async () => {
    const [touched] = await profile.store.memory.appendMany([{ kind: 'event', ts: '2024-05-16T10:00:00.000Z', text: 'Refactored the tokenizer loop into a state machine.', source: 'test', meta: { files: ['src/lexer.ts'] } }]);
    await profile.index.sync();
    const provider = new ScriptedProvider([{ chunks: ['It lexes.'] }]);
    const pipeline = new ChatPipeline(profile.store, profile.index, provider, { now: () => NOW });
    const events = await collect(pipeline.ask({ message: 'What is this code for?', editorContext: { file: 'src/lexer.ts', languageId: 'typescript', text: 'export function lex() {}' } }));
    const report = events[0].type === 'context' ? events[0].report : undefined;
    assert.deepEqual(report?.editor, { file: 'src/lexer.ts', languageId: 'typescript', truncated: false });
    assert.ok(report?.memories.some((m) => m.id === touched.id), 'the memory of the open file is in the prompt');
    assert.match(provider.requests[0].messages[0].content, /## Editor: src\/lexer\.ts \(typescript\)/);
  });

  it('audits every model call with provider, model and tokens, and never a secret, prompt or answer', async () => {
    const secret = 'sk-live-abcdefghijklmnop1234';
    const provider = new ScriptedProvider([{ chunks: ['Partial answer '], fail: { after: 1, error: new Error(`401 from server: Authorization: Bearer ${secret}`) } }]);
    const pipeline = new ChatPipeline(profile.store, profile.index, provider, { model: 'tiny', now: () => NOW });
    await assert.rejects(collect(pipeline.ask({ message: 'What is my secret plan?' })), /401/);
    const calls = modelCalls(profile);
    const last = calls.at(-1);
    assert.ok(last?.type === 'model_call');
    assert.equal(last.provider, 'scripted');
    assert.equal(last.model, 'tiny');
    assert.equal(last.ok, false);
    assert.ok(last.inputTokens > 0 && last.outputTokens > 0 && last.durationMs >= 0);
    const everything = JSON.stringify(calls);
    assert.ok(!everything.includes(secret), 'the key is redacted');
    assert.ok(!everything.includes('secret plan') && !everything.includes('Partial answer'), 'no prompt or answer text');
  });
});
