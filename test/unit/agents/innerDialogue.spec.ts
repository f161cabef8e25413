import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { boredomAgent } from '../../../src/core/agents/boredom';
import { tempDirsForSuite } from '../store/storeFixtures';
import { agentFixture } from './agentFixtures';
import { asAda, hoursAgo, note, NOW, twinAnswer } from './agentRecords';
import { promptIds, scriptedOllama } from './scriptedOllama';

const makeDir = tempDirsForSuite();
const GOAL = 'Ship the streaming parser rewrite';

describe('inner dialogue, with a model', () => {
  it('prompts with the persona and the cited memory lines, streams the turn, and keeps only citations of memories it was shown', async () => {
    let shown: string[] = [];
    let invented = '';
    const ollama = await scriptedOllama([
      (messages) => {
        shown = promptIds(messages);
        return `Q: What still blocks the parser rewrite?\nA: The nested-bracket tokenizer [m:${shown[0]}], and the benchmarks for Alice [m:${invented}] [m:01HZZZZZZZZZZZZZZZZZZZZZZZ].`;
      },
    ]);
    const fx = await agentFixture(makeDir, {
      now: () => NOW,
      provider: ollama.provider,
      records: [
        note('The streaming parser rewrite needs a tokenizer that handles nested brackets.', hoursAgo(30)),
        note('Alice will review the parser rewrite once the benchmarks are in.', hoursAgo(20)),
        twinAnswer('The streaming parser rewrite is done, you told me so.', hoursAgo(10)),
      ],
    });
    const [tokenizer, alice, answer] = await fx.store.memory.list({ newestFirst: false });
    invented = answer.id; // a real memory, but one the model was not shown
    const base = asAda(fx.ctx);
    const ctx = { ...base, persona: { ...base.persona, goals: [{ id: 'g-parser', text: GOAL, horizon: 'short' as const, status: 'active' as const }] } };

    const result = await boredomAgent.run(ctx);
    assert.equal(result.outcome, 'ok', result.summary);
    assert.match(result.summary, new RegExp(`inner dialogue on the goal "${GOAL}"`));

    const prompt = ollama.promptText(0);
    assert.match(prompt, /inner voice of Ada/);
    assert.ok(prompt.includes('dry and direct'), 'the persona is in the prompt');
    assert.ok(prompt.includes(`Open goal: ${GOAL}`));
    assert.deepEqual(new Set(shown), new Set([tokenizer.id, alice.id]), "the twin's answer is never shown as evidence");
    assert.ok(prompt.includes(`[m:${tokenizer.id}]`) && prompt.includes(tokenizer.text), 'memories as cite-able lines');

    const [turn] = await fx.store.memory.list({ kind: 'dialogue' });
    assert.equal(turn.source, 'agent:boredom');
    assert.equal(turn.meta.method, 'model');
    assert.equal(turn.meta.model, fx.ctx.model!.label);
    assert.match(turn.text, /^Q: What still blocks the parser rewrite\?\nA: /);
    assert.deepEqual(turn.links.filter((l) => l.rel === 'cites').map((l) => l.id), [shown[0]], 'only the citation of a memory it was shown is kept');
    const streamed = fx.outputs.flatMap((o) => (o.type === 'text' ? [o.text] : [])).join('');
    assert.equal(streamed, turn.text, 'streamed as it was written');
    assert.equal(fx.modelCalls(), 1);
    await fx.close();
    await ollama.close();
  });
});
