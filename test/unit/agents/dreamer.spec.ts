import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ulid } from 'ulid';
import { dreamerAgent } from '../../../src/core/agents/dreamer';
import { learningsOf, type Learning } from '../../../src/core/agents/learnings';
import { MemoryIndex } from '../../../src/core/index/memoryIndex';
import { ChatPipeline } from '../../../src/core/llm/chat/chatPipeline';
import type { ChatEvent } from '../../../src/core/llm/chat/chatTypes';
import type { MemoryRecord } from '../../../src/core/memory/record';
import { ScriptedProvider } from '../llm/chat/scriptedProvider';
import { tempDirsForSuite } from '../store/storeFixtures';
import { agentFixture, type AgentFixture } from './agentFixtures';
import { asAda, commit, hoursAgo, note, NOW, twinAnswer, userChat } from './agentRecords';
import { scriptedOllama } from './scriptedOllama';

const makeDir = tempDirsForSuite();
const DAY = 86_400_000;

/** Years of scattered memories, then a day in which Ada said how she likes things. */
function life() {
  return [
    note('Planted tomatoes in the garden with Alice on a rainy Sunday.', '2021-04-11T10:00:00.000Z', { project: 'garden' }),
    note('Gave a talk about compilers at the Lisbon meetup; the projector died halfway.', '2022-09-20T19:00:00.000Z', { project: 'talks' }),
    note('Read a book about lighthouses and their Fresnel lenses.', '2023-02-05T21:00:00.000Z'),
    commit('feat(cache): LRU for embeddings keyed by content hash', ['src/cache.ts'], '2023-11-02T15:00:00.000Z'),
    userChat('I prefer tabs over spaces in every new file.', hoursAgo(9)),
    userChat('Never push to main without a green CI run.', hoursAgo(8)),
    note('Use pnpm instead of npm for this repo.', hoursAgo(7), { project: 'mh' }),
    note('The release is on Friday the 7th.', hoursAgo(6), { project: 'mh' }),
    twinAnswer('You should always commit more often.', hoursAgo(5)),
    { kind: 'reflection' as const, text: 'I never rest enough and I prefer to work late.', ts: hoursAgo(4), source: 'agent:reflector' },
    { kind: 'dream' as const, text: 'I dreamt the parser was a lighthouse.', ts: hoursAgo(3), source: 'agent:dreamer', tags: ['dream'], meta: { imaginative: true } },
  ];
}

async function byId(fx: AgentFixture): Promise<Map<string, MemoryRecord>> {
  return new Map((await fx.store.memory.list()).map((r) => [r.id, r]));
}

function written(records: Map<string, MemoryRecord>, ids: string[]) {
  const mine = ids.map((id) => records.get(id)!);
  return { dreams: mine.filter((r) => r.kind === 'dream'), learnings: mine.filter((r) => r.tags.includes('overnight-learnings')) };
}

async function markWrong(fx: AgentFixture, text: string): Promise<MemoryRecord> {
  const record = [...(await byId(fx)).values()].find((r) => r.text === text)!;
  return fx.store.memory.edit(record.id, { op: 'mark_wrong', reason: 'it moved to Monday' });
}

function categories(learnings: Learning[]): string[] {
  return [...new Set(learnings.map((l) => l.category))].sort();
}

describe('dreamer, offline', () => {
  it('dreams from distant memories, distils the day into learnings, and touches no source memory', async () => {
    const fx = await agentFixture(makeDir, { now: () => NOW, records: life() });
    const wrong = await markWrong(fx, 'The release is on Friday the 7th.');
    const before = await byId(fx);

    const result = await dreamerAgent.run(asAda(fx.ctx));
    assert.equal(result.outcome, 'ok', result.summary);
    const after = await byId(fx);
    const { dreams, learnings } = written(after, fx.written);
    assert.equal(fx.written.length, 2);

    const [dream] = dreams;
    assert.equal(dream.source, 'agent:dreamer');
    assert.deepEqual(dream.tags, ['dream']);
    assert.equal(dream.meta.imaginative, true);
    const recombined = dream.links.filter((l) => l.rel === 'cites').map((l) => before.get(l.id)!);
    assert.equal(recombined.length, 3);
    for (const r of recombined) {
      assert.ok(r, 'cites memories that exist');
      assert.ok(!r.source.startsWith('agent:') && r.meta.role !== 'assistant', `dreams of memories, never of thoughts: ${r.text}`);
      assert.notEqual(r.id, wrong.id, 'not of what the person marked wrong');
      assert.ok(dream.text.includes(`[m:${r.id}]`), 'the recombination is built from the memories it cites');
    }
    const times = recombined.map((r) => Date.parse(r.ts)).sort((a, b) => a - b);
    assert.ok(times[times.length - 1] - times[0] > 365 * DAY, 'memories far apart in time');

    const [record] = learnings;
    assert.equal(record.kind, 'reflection');
    assert.ok(Array.isArray(record.meta.learnings));
    const learned = learningsOf(record);
    assert.deepEqual(categories(learned), ['avoid', 'heuristic', 'style']);
    const about = (needle: string) => learned.find((l) => l.text.includes(needle));
    const chat = (text: string) => [...before.values()].find((r) => r.text === text)!.id;
    assert.equal(about('tabs over spaces')?.category, 'style');
    assert.deepEqual(about('tabs over spaces')?.cites, [chat('I prefer tabs over spaces in every new file.')]);
    assert.equal(about('Never push to main')?.category, 'avoid');
    assert.equal(about('pnpm instead of npm')?.category, 'heuristic');
    assert.equal(about('release is on Friday')?.category, 'avoid', 'what the person marked wrong is not to be relied on');
    assert.match(about('release is on Friday')!.text, /moved to Monday/);
    assert.ok(!about('commit more often') && !about('rest enough'), 'nothing learned from the twin or from thoughts');
    assert.match(record.text, /^Overnight learnings \(2024-06-0\d\):\n- /);
    assert.match(record.text, /- Avoid: Never push to main without a green CI run\. \[m:/);

    for (const [id, r] of before) assert.deepEqual(after.get(id), r, `source memory untouched: ${r.text}`);
    await fx.close();
  });

  it('writes learnings once a night, but dreams again when asked', async () => {
    const fx = await agentFixture(makeDir, { now: () => NOW, records: life() });
    await dreamerAgent.run(fx.ctx);
    const again = await dreamerAgent.run(fx.ctx);
    assert.equal(again.outcome, 'ok');
    assert.match(again.summary, /already written/);
    const { dreams, learnings } = written(await byId(fx), fx.written);
    assert.equal(dreams.length, 2);
    assert.equal(learnings.length, 1);
    await fx.close();
  });

  it('learns to avoid what the person rejected or dismissed in the approvals', async () => {
    const fx = await agentFixture(makeDir, { now: () => NOW, records: [note('Lunch at noon.', hoursAgo(3))] });
    await fx.store.audit.record({ type: 'approval', proposal: ulid(), skill: 'shell', action: 'rejected', reason: 'no shell commands while I am presenting' });
    await fx.store.audit.record({ type: 'approval', proposal: ulid(), skill: 'task', action: 'approved' });
    await fx.store.audit.record({ type: 'approval', proposal: ulid(), skill: 'notify', action: 'dismissed', reason: 'no stretch reminders in meetings' });
    const result = await dreamerAgent.run(fx.ctx);
    assert.match(result.summary, /Too few memories to dream about/);
    const [record] = written(await byId(fx), fx.written).learnings;
    assert.deepEqual(
      learningsOf(record).map((l) => [l.category, l.text]),
      [
        ['avoid', 'Proposals to run "shell" like the one rejected were not wanted: no shell commands while I am presenting'],
        ['avoid', 'Suggestions to run "notify" like the one dismissed were not wanted: no stretch reminders in meetings'],
      ],
    );
    await fx.close();
  });
});

describe('dreamer, with a model', () => {
  it('prompts with the persona and the recombined memories; learnings come back as checked JSON', async () => {
    let chatId = '';
    const ollama = await scriptedOllama([
      'I was planting lighthouses in a garden while a projector hummed compilers at me.',
      (messages) => {
        chatId = /\[m:([0-9A-Z]{26})\][^\n]*tabs over spaces/.exec(messages.map((m) => m.content).join('\n'))![1];
        return JSON.stringify({ learnings: [{ category: 'style', text: 'Indent with tabs.', cites: [chatId, '01HZZZZZZZZZZZZZZZZZZZZZZZ'] }] });
      },
    ]);
    const fx = await agentFixture(makeDir, { now: () => NOW, provider: ollama.provider, records: life() });
    const result = await dreamerAgent.run(asAda(fx.ctx));
    assert.equal(result.outcome, 'ok', result.summary);
    const records = await byId(fx);
    const { dreams, learnings } = written(records, fx.written);

    const dreamPrompt = ollama.promptText(0);
    assert.match(dreamPrompt, /You are Ada/);
    const recombined = dreams[0].links.filter((l) => l.rel === 'cites').map((l) => records.get(l.id)!);
    assert.equal(recombined.length, 3);
    for (const r of recombined) assert.ok(dreamPrompt.includes(r.text.split('\n')[0].slice(0, 40)), `the prompt holds "${r.text}"`);
    assert.equal(dreams[0].text, 'I was planting lighthouses in a garden while a projector hummed compilers at me.');
    assert.equal(dreams[0].meta.method, 'model');
    const draft = fx.outputs.find((o) => o.type === 'record' && o.kind === 'dream');
    assert.ok(draft && draft.type === 'record' && fx.outputs.filter((o) => o.type === 'text' && o.draft === draft.draft).length > 1, 'the dream streamed');

    assert.match(ollama.promptText(1), /tabs over spaces/);
    assert.deepEqual(learningsOf(learnings[0]), [{ category: 'style', text: 'Indent with tabs.', cites: [chatId] }]);
    assert.deepEqual(learnings[0].meta.cites, [chatId], 'an id the model made up is not cited');
    await fx.close();
    await ollama.close();
  });
});

describe('the next day', () => {
  async function collect(events: AsyncIterable<ChatEvent>): Promise<ChatEvent[]> {
    const out: ChatEvent[] = [];
    for await (const e of events) out.push(e);
    return out;
  }

  it("follows the overnight learnings in the chat's system prompt until the person marks them wrong, and labels dreams", async () => {
    const fx = await agentFixture(makeDir, { now: () => NOW, records: life() });
    await dreamerAgent.run(fx.ctx);
    const index = await MemoryIndex.open({ dir: join(fx.dir, 'chat-index'), feed: fx.store.memory, now: () => NOW });
    await index.whenIdle();
    const provider = new ScriptedProvider([{ chunks: ['ok'] }, { chunks: ['ok'] }, { chunks: ['ok'] }]);
    const pipeline = new ChatPipeline(fx.store, index, provider, { now: () => new Date(NOW.getTime() + DAY / 2) });

    const events = await collect(pipeline.ask({ message: 'How should I set up the new repo?' }));
    const system = provider.requests[0].messages[0].content;
    assert.match(system, /## What I learned overnight about how you like things/);
    assert.match(system, /- Avoid: Never push to main without a green CI run\./);
    assert.match(system, /- Heuristic: Use pnpm instead of npm for this repo\./);
    const context = events.find((e) => e.type === 'context');
    assert.ok(context?.type === 'context' && context.report.persona.includes('overnight learnings'));

    await collect(pipeline.ask({ message: 'Did I dream about lighthouses?' }));
    assert.match(provider.requests[1].messages[0].content, /\(dream — imaginative, not fact\): I dreamt the parser was a lighthouse/);

    const learnings = [...(await byId(fx)).values()].find((r) => r.tags.includes('overnight-learnings'))!;
    await fx.store.memory.edit(learnings.id, { op: 'mark_wrong' });
    await index.sync();
    await collect(pipeline.ask({ message: 'How should I set up the new repo?' }));
    // The record stays a memory the chat may quote; it is no longer followed as a rule.
    assert.doesNotMatch(provider.requests[2].messages[0].content, /## What I learned overnight/);
    await index.close();
    await fx.close();
  });
});
