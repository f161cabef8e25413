import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as v from 'valibot';
import type { ChatChunk, ChatRequest, ModelProvider } from '../../../src/core/llm/modelProvider';
import { ModelProviderError } from '../../../src/core/llm/modelProvider';
import { askForJson, coerceJson, StructuredOutputError } from '../../../src/core/llm/structuredOutput';

/** A provider that answers from a script, one answer per call, streamed in two pieces; it records each request. */
function scripted(...answers: string[]): ModelProvider & { requests: ChatRequest[] } {
  const requests: ChatRequest[] = [];
  return {
    id: 'scripted',
    label: 'Scripted',
    requests,
    health: async () => ({ ok: true, detail: '' }),
    listModels: async () => [],
    async *chat(request: ChatRequest): AsyncGenerator<ChatChunk, void, undefined> {
      requests.push(request);
      const answer = answers[requests.length - 1];
      if (answer === undefined) throw new Error('no more scripted answers');
      const mid = Math.floor(answer.length / 2);
      yield { text: answer.slice(0, mid), done: false };
      yield { text: answer.slice(mid), done: true };
    },
  };
}

const Plan = v.object({ steps: v.array(v.string()), confidence: v.number() });
const request: ChatRequest = { messages: [{ role: 'user', content: 'Plan it as {"steps": [...], "confidence": 0-1}' }] };

describe('askForJson', () => {
  it('returns valid JSON at once, asking in JSON mode', async () => {
    const p = scripted('{"steps":["a","b"],"confidence":0.8}');
    assert.deepEqual(await askForJson(p, request, Plan), { steps: ['a', 'b'], confidence: 0.8 });
    assert.equal(p.requests.length, 1);
    assert.equal(p.requests[0]?.json, true);
  });

  it('retries once with the validation error appended', async () => {
    const p = scripted('{"steps":["a"],"confidence":"high"}', '{"steps":["a"],"confidence":0.9}');
    assert.deepEqual(await askForJson(p, request, Plan), { steps: ['a'], confidence: 0.9 });
    assert.equal(p.requests.length, 2);
    const retry = p.requests[1]?.messages ?? [];
    assert.equal(retry.length, 3);
    assert.deepEqual(retry[1], { role: 'assistant', content: '{"steps":["a"],"confidence":"high"}' });
    assert.match(retry[2]?.content ?? '', /confidence: Invalid type: Expected number but received "high"/);
  });

  it('tells the model on retry that its answer was not JSON', async () => {
    const p = scripted('Sure! Here you go', '{"steps":[],"confidence":0}');
    await askForJson(p, request, Plan);
    assert.match(p.requests[1]?.messages.at(-1)?.content ?? '', /not valid JSON/);
  });

  it('coerces JSON out of prose and code fences with trailing commas after the retry fails', async () => {
    const p = scripted(
      'Here is the plan:\n```json\n{"steps": ["read", "write",], "confidence": 0.5,}\n```\nHope it helps!',
      'Plan: {"steps": ["x",], "confidence": 0.7,} — done.',
    );
    assert.deepEqual(await askForJson(p, request, Plan), { steps: ['x'], confidence: 0.7 });
    assert.equal(p.requests.length, 2, 'no third call');
  });

  it('falls back to repairing the first answer when the second cannot be repaired', async () => {
    const p = scripted('```json\n{"steps": ["read",], "confidence": 0.5}\n```', 'I cannot do that.');
    assert.deepEqual(await askForJson(p, request, Plan), { steps: ['read'], confidence: 0.5 });
  });

  it('rejects with a message naming what was wrong', async () => {
    const p = scripted('{"steps": "one"}', '{"steps": "one", "confidence": 2, }');
    await assert.rejects(askForJson(p, request, Plan), (err: unknown) => {
      assert.ok(err instanceof StructuredOutputError);
      assert.match(err.message, /^The model \(Scripted\) did not return usable JSON, even after a retry: /);
      assert.match(err.problem, /steps: Invalid type: Expected Array but received "one"/);
      assert.equal(err.raw, '{"steps": "one", "confidence": 2, }');
      return true;
    });
  });

  it('rejects an empty answer as empty', async () => {
    await assert.rejects(askForJson(scripted('', '  '), request, Plan), /the answer was empty/);
  });

  it('lets provider errors through untouched', async () => {
    const failing: ModelProvider = {
      ...scripted(),
      // eslint-disable-next-line require-yield
      async *chat() {
        throw new ModelProviderError('Ollama is not running', 'ollama', 'unreachable');
      },
    };
    await assert.rejects(askForJson(failing, request, Plan), { name: 'ModelProviderError', message: 'Ollama is not running' });
  });
});

describe('coerceJson', () => {
  it('finds the first object or array and keeps commas inside strings', () => {
    assert.deepEqual(coerceJson('Answer: [1, 2, 3,] and more [4]'), [1, 2, 3]);
    assert.deepEqual(coerceJson('{"text": "a, }", "n": 1,}'), { text: 'a, }', n: 1 });
    assert.deepEqual(coerceJson('noise {"a": {"b": [1,]}} trailing }'), { a: { b: [1] } });
    assert.equal(coerceJson('no json here'), undefined);
    assert.equal(coerceJson('{"a": 1'), undefined);
  });
});
