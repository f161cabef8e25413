import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AgentOutput } from '../../../src/core/agents/agentTypes';
import { reflectorAgent } from '../../../src/core/agents/reflector';
import type { MemoryRecord } from '../../../src/core/memory/record';
import { tempDirsForSuite } from '../store/storeFixtures';
import { agentFixture, type AgentFixture } from './agentFixtures';
import { asAda, commit, edited, fixedErrors, hoursAgo, note, NOW, opened, twinAnswer, userChat } from './agentRecords';
import { promptIds, scriptedOllama } from './scriptedOllama';

const makeDir = tempDirsForSuite();

/** Ada's afternoon on the parser, with the agents' own thoughts and the twin's answers mixed in. */
function afternoon() {
  return [
    opened('src/parser.ts', hoursAgo(5)),
    edited('src/parser.ts', hoursAgo(4.8)),
    note('The tokenizer must never allocate inside the hot loop; that is where the time goes.', hoursAgo(4.5), { project: 'mh', importance: 8 }),
    edited('src/parser.ts', hoursAgo(4)),
    fixedErrors('src/parser.ts', 3, 'Property "depth" does not exist', hoursAgo(3.5)),
    commit('fix(parser): race condition when the tokenizer reads nested brackets', ['src/parser.ts', 'test/parser.spec.ts'], hoursAgo(3)),
    userChat('Remind me to ask Alice about the release date for the parser.', hoursAgo(2.5)),
    twinAnswer('You said the parser release slips to June.', hoursAgo(2.4)),
    { kind: 'reflection' as const, text: 'Earlier I thought the parser was hopeless.', ts: hoursAgo(2), source: 'agent:boredom' },
    { kind: 'dream' as const, text: 'I dreamt the parser was a lighthouse.', ts: hoursAgo(1.5), source: 'agent:dreamer', tags: ['dream'], meta: { imaginative: true } },
    edited('test/parser.spec.ts', hoursAgo(1)),
  ];
}

async function byId(fx: AgentFixture): Promise<Map<string, MemoryRecord>> {
  return new Map((await fx.store.memory.list()).map((r) => [r.id, r]));
}

function reflectionsOf(records: Map<string, MemoryRecord>): MemoryRecord[] {
  return [...records.values()].filter((r) => r.kind === 'reflection' && r.source === 'agent:reflector');
}

function streamedText(outputs: AgentOutput[], draft: string): string {
  return outputs.flatMap((o) => (o.type === 'text' && o.draft === draft ? [o.text] : [])).join('');
}

describe('reflector, offline', () => {
  it('writes an extractive reflection citing the memories it quotes, never its own thoughts, streamed as it is written', async () => {
    const fx = await agentFixture(makeDir, { now: () => NOW, records: afternoon() });
    const before = await byId(fx);
    const result = await reflectorAgent.run(asAda(fx.ctx));
    assert.equal(result.outcome, 'ok', result.summary);
    const after = await byId(fx);
    const [reflection] = reflectionsOf(after);
    assert.ok(reflection, 'a reflection was written');
    assert.deepEqual(fx.written, [reflection.id]);
    assert.equal(reflection.meta.method, 'extractive');

    // What dominated, what was finished, what mattered: real content from the memories.
    assert.match(reflection.text, /mh \(\d+\)/);
    assert.match(reflection.text, /src\/parser\.ts \(\d+×\)/);
    assert.match(reflection.text, /fix\(parser\): race condition/);
    assert.match(reflection.text, /never allocate inside the hot loop/);

    const cites = reflection.links.filter((l) => l.rel === 'cites').map((l) => l.id);
    assert.ok(cites.length >= 2, `cites ${cites.length}`);
    assert.deepEqual(reflection.meta.cites, cites);
    for (const id of cites) {
      const cited = before.get(id)!;
      assert.ok(cited, 'cites a memory that exists');
      assert.ok(!cited.source.startsWith('agent:'), `never cites an agent thought: ${cited.text}`);
      assert.notEqual(cited.meta.role, 'assistant', 'never cites the twin answering');
      assert.ok(reflection.text.includes(`[m:${id}]`));
    }
    for (const [id, record] of before) assert.deepEqual(after.get(id), record, `source memory untouched: ${record.text}`);

    const done = fx.outputs.find((o) => o.type === 'record');
    assert.ok(done && done.type === 'record' && done.draft);
    assert.ok(fx.outputs.filter((o) => o.type === 'text').length > 3, 'streamed in pieces');
    assert.equal(streamedText(fx.outputs, done.draft), reflection.text);
    await fx.close();
  });

  it('skips when nothing is new since its last reflection, then reflects on only what came after', async () => {
    let now = NOW;
    const fx = await agentFixture(makeDir, { now: () => now, records: afternoon() });
    assert.equal((await reflectorAgent.run(fx.ctx)).outcome, 'ok');

    now = new Date(NOW.getTime() + 3_600_000);
    const second = await reflectorAgent.run(fx.ctx);
    assert.equal(second.outcome, 'skipped');
    assert.match(second.summary, /Nothing new to reflect on/);
    // Thoughts of other agents are not news.
    await fx.store.memory.append({ kind: 'dialogue', text: 'Q: parser? A: parser.', ts: hoursAgo(-0.5), source: 'agent:boredom' });
    assert.equal((await reflectorAgent.run(fx.ctx)).outcome, 'skipped');

    const fresh = await fx.store.memory.append(note('Decided to ship the parser behind a flag first.', hoursAgo(-0.7), { project: 'mh' }));
    const third = await reflectorAgent.run(fx.ctx);
    assert.equal(third.outcome, 'ok', third.summary);
    const latest = reflectionsOf(await byId(fx)).sort((a, b) => b.ts.localeCompare(a.ts))[0];
    assert.deepEqual(latest.meta.cites, [fresh.id]);
    assert.match(latest.text, /Looking back on 1 memory/);
    assert.equal(reflectionsOf(await byId(fx)).length, 2);
    await fx.close();
  });

  it('on its schedule waits for the hours of activity the setting asks for', async () => {
    const fx = await agentFixture(makeDir, { now: () => NOW, trigger: 'schedule', settings: { agentsReflectEveryHours: 3 }, records: afternoon() });
    const waiting = await reflectorAgent.run(fx.ctx);
    assert.equal(waiting.outcome, 'skipped');
    assert.match(waiting.summary, /metahuman\.agents\.reflectEveryHours/);
    assert.equal(fx.written.length, 0);
    await fx.close();

    const due = await agentFixture(makeDir, { now: () => NOW, trigger: 'schedule', settings: { agentsReflectEveryHours: 1 }, records: afternoon() });
    assert.equal((await reflectorAgent.run(due.ctx)).outcome, 'ok');
    await due.close();
  });
});

describe('reflector, with a model', () => {
  it("prompts with the persona and the memories, streams the model's words and cites what it used", async () => {
    let citedId = '';
    const ollama = await scriptedOllama([
      (messages) => {
        citedId = promptIds(messages).find((id) => messages.some((m) => m.content.includes(`[m:${id}]`) && m.content.includes('hot loop')))!;
        return `Today I finally cornered the parser race. The hot-loop rule held up [m:${citedId}]. Alice still owes me a date.`;
      },
    ]);
    const learned = { kind: 'reflection' as const, text: 'Overnight learnings', ts: hoursAgo(0.5), source: 'agent:dreamer', tags: ['overnight-learnings'], meta: { learnings: [{ category: 'style', text: 'Keep reflections short and plain.', cites: [] }] } };
    const fx = await agentFixture(makeDir, { now: () => NOW, provider: ollama.provider, records: [...afternoon(), learned] });
    const before = await byId(fx);
    const result = await reflectorAgent.run(asAda(fx.ctx));
    assert.equal(result.outcome, 'ok', result.summary);

    const prompt = ollama.promptText(0);
    assert.match(prompt, /You are Ada/);
    assert.match(prompt, /dry and direct/, "the persona's voice");
    assert.match(prompt, /never allocate inside the hot loop/);
    assert.match(prompt, /fix\(parser\): race condition/);
    assert.match(prompt, /- Style: Keep reflections short and plain\./, "last night's learnings are followed");
    const shown = promptIds(ollama.prompts[0]);
    for (const id of shown) assert.ok(!before.get(id)!.source.startsWith('agent:'), 'no agent thought in the prompt');
    assert.ok(!prompt.includes('lighthouse') && !prompt.includes('hopeless') && !prompt.includes('slips to June'));

    const [reflection] = reflectionsOf(await byId(fx));
    assert.equal(reflection.meta.method, 'model');
    assert.match(reflection.text, /cornered the parser race/);
    assert.deepEqual(reflection.meta.cites, [citedId]);
    const done = fx.outputs.find((o) => o.type === 'record');
    assert.ok(done && done.type === 'record' && done.draft);
    assert.ok(fx.outputs.filter((o) => o.type === 'text' && o.draft === done.draft).length > 1, 'the tokens streamed live');
    assert.equal(streamedText(fx.outputs, done.draft), reflection.text);
    assert.equal(fx.modelCalls(), 1);
    await fx.close();
    await ollama.close();
  });

  it('falls back to the extractive reflection when the model call fails', async () => {
    const ollama = await scriptedOllama([]);
    const fx = await agentFixture(makeDir, { now: () => NOW, provider: ollama.provider, budgetPerHour: 0, records: afternoon() });
    const result = await reflectorAgent.run(fx.ctx);
    assert.equal(result.outcome, 'ok');
    assert.match(result.summary, /budget/);
    const [reflection] = reflectionsOf(await byId(fx));
    assert.equal(reflection.meta.method, 'extractive');
    assert.equal(ollama.prompts.length, 0, 'no call past the budget');
    await fx.close();
    await ollama.close();
  });
});
