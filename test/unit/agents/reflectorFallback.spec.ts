import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { describe, it } from 'node:test';
import { reflectorAgent } from '../../../src/core/agents/reflector';
import { OllamaProvider } from '../../../src/core/llm/providers/ollamaProvider';
import { tempDirsForSuite } from '../store/storeFixtures';
import { agentFixture } from './agentFixtures';
import { commit, hoursAgo, note, NOW, userChat } from './agentRecords';
import { MODEL } from './scriptedOllama';

const makeDir = tempDirsForSuite();

/** A port on 127.0.0.1 that nothing listens on: taken from the system, then let go. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('reflector, model unreachable', () => {
  it('falls back to its extractive reflection when the Ollama server cannot be reached, and says so in the summary', async () => {
    const port = await closedPort();
    const provider = new OllamaProvider({ host: `http://127.0.0.1:${port}`, model: MODEL });
    const fx = await agentFixture(makeDir, {
      now: () => NOW,
      provider,
      records: [
        note('The tokenizer must never allocate inside the hot loop; that is where the time goes.', hoursAgo(4.5), { project: 'mh', importance: 8 }),
        commit('fix(parser): race condition when the tokenizer reads nested brackets', ['src/parser.ts'], hoursAgo(3)),
        userChat('Remind me to ask Alice about the release date for the parser.', hoursAgo(2.5)),
      ],
    });
    const result = await reflectorAgent.run(fx.ctx);
    assert.equal(result.outcome, 'ok', result.summary);
    assert.match(result.summary, new RegExp(`\\(extractive, model failed \\(Ollama is not running at http://127\\.0\\.0\\.1:${port}`), result.summary);
    assert.equal(fx.modelCalls(), 1, 'the model was tried once');
    const [reflection] = await fx.store.memory.list({ kind: 'reflection' });
    assert.equal(reflection.meta.method, 'extractive');
    assert.match(reflection.text, /tokenizer/);
    const audited = fx.store.audit
      .days()
      .flatMap((rel) => fx.store.audit.entries(rel.slice('audit/'.length, -'.jsonl'.length)))
      .filter((e) => e.type === 'model_call');
    assert.equal(audited.length, 1);
    assert.equal(audited[0].type === 'model_call' && audited[0].ok, false, 'the failed call is audited');
    await fx.close();
  });
});
