import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ChatPipeline } from '../../../../src/core/llm/chat/chatPipeline';
import type { ChatEvent } from '../../../../src/core/llm/chat/chatTypes';
import { CONFIGURE_HINT, OFFLINE_NOTICE, offlineAnswer, OfflineProvider } from '../../../../src/core/llm/chat/offlineAnswer';
import { buildChatProfile, NOW, type ChatProfile } from './chatFixtures';

async function collect(events: AsyncIterable<ChatEvent>): Promise<ChatEvent[]> {
  const out: ChatEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

describe('offline provider', () => {
  let dir: string;
  let profile: ChatProfile;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mh-chat-offline-'));
    profile = await buildChatProfile(dir);
  });
  after(async () => {
    await profile.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a question from the profile with the right memory cited, dated, and says no model is configured', async () => {
    const pipeline = new ChatPipeline(profile.store, profile.index, new OfflineProvider(), { now: () => NOW });
    const events = await collect(pipeline.ask({ message: 'How did I fix the parser race condition?' }));
    const answer = events.map((e) => (e.type === 'token' ? e.text : '')).join('');
    const parser = profile.records[0];
    assert.ok(answer.startsWith(OFFLINE_NOTICE));
    assert.ok(answer.endsWith(CONFIGURE_HINT));
    assert.match(answer, new RegExp(`\\*\\*2024-05-14\\*\\*\\n- Fixed the race condition in the parser by serialising token reads\\. \\(mh\\) \\[m:${parser.id}\\]`));
    const citations = events.filter((e) => e.type === 'citation').map((e) => e.id);
    assert.equal(citations[0], parser.id);
    assert.ok(!answer.includes('oat milk'), 'an unrelated memory stays out');
    const done = events.at(-1);
    assert.equal(done?.type, 'done');
    assert.equal(done.type === 'done' && done.model, 'offline/extractive');
  });

  it('says plainly when no memory matches', () => {
    const answer = offlineAnswer('quantum chromodynamics', []);
    assert.match(answer, /No language model is configured/);
    assert.match(answer, /I found no memories about this yet/);
  });

  it('quotes only sentences that match the question, never a question; with no words to match, the top memories lead', () => {
    const memories = [
      { id: '01HZ0000000000000000000003', date: '2024-05-15', kind: 'chat', text: 'What did I do about the parser?' },
      { id: '01HZ0000000000000000000002', date: '2024-05-14', kind: 'event', text: 'Fixed the parser. Then lunch.' },
      { id: '01HZ0000000000000000000001', date: '2024-04-02', kind: 'note', text: 'Bought oat milk.' },
    ];
    const answer = offlineAnswer('parser', memories);
    assert.match(answer, /- Fixed the parser\. \[m:01HZ0000000000000000000002\]/);
    assert.ok(!answer.includes('oat milk') && !answer.includes('Then lunch') && !answer.includes('What did I do'));
    const vague = offlineAnswer('what did I do yesterday?', memories);
    assert.ok(vague.includes('Fixed the parser.') && vague.includes('Bought oat milk.'));
  });

  it('groups sentences by day, oldest first, and stops when aborted', async () => {
    const memories = [
      { id: '01HZ0000000000000000000002', date: '2024-05-14', kind: 'event', text: 'Release moved to June. Parser fixed.' },
      { id: '01HZ0000000000000000000001', date: '2024-05-10', kind: 'note', text: 'Release checklist drafted.' },
    ];
    const answer = offlineAnswer('release', memories);
    assert.ok(answer.indexOf('**2024-05-10**') < answer.indexOf('**2024-05-14**'));
    const stop = new AbortController();
    const provider = new OfflineProvider();
    const pieces: string[] = [];
    await assert.rejects(async () => {
      for await (const chunk of provider.chat({ messages: [{ role: 'user', content: 'release' }], signal: stop.signal })) {
        pieces.push(chunk.text);
        if (pieces.length === 3) stop.abort();
      }
    }, /stopped/);
    assert.equal(pieces.length, 3);
  });
});

describe('a memory marked wrong in chat', () => {
  let dir: string;
  let profile: ChatProfile;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mh-chat-wrong-'));
    profile = await buildChatProfile(dir);
  });
  after(async () => {
    await profile.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is no longer quoted or cited once the person marks it wrong, and is left out of the prompt', async () => {
    const pipeline = new ChatPipeline(profile.store, profile.index, new OfflineProvider(), { now: () => NOW });
    const parser = profile.records[0];
    const question = 'How did I fix the parser race condition?';
    const first = await collect(pipeline.ask({ message: question }));
    assert.ok(first.some((e) => e.type === 'citation' && e.id === parser.id), 'cited while unmarked');

    await profile.store.memory.edit(parser.id, { op: 'mark_wrong', reason: 'it was a lock, not serialising' });
    await profile.index.sync();
    const again = await collect(pipeline.ask({ message: question }));
    const answer = again.map((e) => (e.type === 'token' ? e.text : '')).join('');
    assert.ok(!answer.includes('serialising token reads'), answer);
    assert.ok(!answer.includes(parser.id));
    assert.ok(!again.some((e) => e.type === 'citation' && e.id === parser.id));
    const context = again.find((e) => e.type === 'context');
    assert.ok(context?.type === 'context' && !context.report.memories.some((m) => m.id === parser.id), 'not in the context given to the model');
  });
});
