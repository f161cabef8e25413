import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ModelProviderError } from '../../../src/core/llm/modelProvider';
import type { ChatChunk } from '../../../src/core/llm/modelProvider';
import { checkContextBudget, chooseNumCtx, readOllamaContext } from '../../../src/core/llm/providers/contextBudget';
import { OllamaProvider } from '../../../src/core/llm/providers/ollamaProvider';
import type { LocalServer } from './providers/localServer';
import { closedPortUrl, sendJson, startServer, tick } from './providers/localServer';

const MODEL = 'llama3.2';

function ndjson(res: ServerResponse): (obj: unknown) => void {
  res.writeHead(200, { 'content-type': 'application/x-ndjson' });
  return (obj) => res.write(`${JSON.stringify(obj)}\n`);
}

const part = (content: string, done = false) => ({ model: MODEL, created_at: new Date().toISOString(), message: { role: 'assistant', content }, done });

async function collect(gen: AsyncGenerator<ChatChunk>): Promise<ChatChunk[]> {
  const out: ChatChunk[] = [];
  for await (const c of gen) out.push(c);
  return out;
}

async function rejection(p: Promise<unknown>): Promise<ModelProviderError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof ModelProviderError, `expected a ModelProviderError, got ${String(err)}`);
    return err;
  }
  throw new assert.AssertionError({ message: 'expected a rejection' });
}

describe('OllamaProvider against a local NDJSON server', () => {
  let server: LocalServer;
  let provider: OllamaProvider;
  let warnings: string[];

  before(async () => {
    server = await startServer();
  });
  after(() => server.close());

  beforeEach(() => {
    server.requests.length = 0;
    warnings = [];
    provider = new OllamaProvider({ host: server.url, model: MODEL, embeddingModel: 'nomic-embed-text', onWarning: (w) => warnings.push(w) });
    server.handle('GET /api/tags', (_req, res) => sendJson(res, 200, { models: [{ name: 'llama3.2:latest', model: 'llama3.2:latest', size: 1 }, { name: 'tiny:1b', model: 'tiny:1b', size: 1 }] }));
    server.handle('POST /api/show', (req, res) => {
      const { model } = req.body as { model: string };
      if (model === 'tiny:1b') return sendJson(res, 200, { parameters: 'num_ctx 1024', model_info: { 'gemma.context_length': 1024 } });
      if (model !== MODEL && model !== `${MODEL}:latest`) return sendJson(res, 404, { error: `model '${model}' not found` });
      sendJson(res, 200, { parameters: 'stop "<|eot_id|>"', model_info: { 'general.architecture': 'llama', 'llama.context_length': 131072 } });
    });
    server.handle('POST /api/chat', (req, res) => {
      const { model } = req.body as { model: string };
      if (model !== MODEL && model !== 'tiny:1b') return sendJson(res, 404, { error: `model "${model}" not found, try pulling it first` });
      const write = ndjson(res);
      write(part('Hello'));
      write(part(', world'));
      write({ ...part('', true), done_reason: 'stop', prompt_eval_count: 12, eval_count: 3 });
      res.end();
    });
  });

  it('streams the answer token by token, then the usage', async () => {
    const chunks = await collect(provider.chat({ messages: [{ role: 'user', content: 'hi' }], json: true, temperature: 0.2 }));
    assert.deepEqual(chunks.map((c) => c.text), ['Hello', ', world', '']);
    assert.deepEqual(chunks.at(-1), { text: '', done: true, usage: { promptTokens: 12, completionTokens: 3 } });
    const sent = server.requests.find((r) => r.url === '/api/chat')?.body as Record<string, unknown>;
    assert.equal(sent.stream, true);
    assert.equal(sent.format, 'json');
    assert.deepEqual(sent.messages, [{ role: 'user', content: 'hi' }]);
    assert.equal((sent.options as Record<string, unknown>).temperature, 0.2);
    assert.equal((sent.options as Record<string, unknown>).num_ctx, undefined, 'a short prompt keeps the default window');
  });

  it('says Ollama is not running, with the host and the way forward, when the connection is refused', async () => {
    const down = new OllamaProvider({ host: await closedPortUrl(), model: MODEL });
    const err = await rejection(collect(down.chat({ messages: [{ role: 'user', content: 'hi' }] })));
    assert.equal(err.kind, 'unreachable');
    assert.match(err.message, /^Ollama is not running at http:\/\/127\.0\.0\.1:\d+ — start it with `ollama serve` or pick another provider\.$/);
    const health = await down.health();
    assert.equal(health.ok, false);
    assert.match(health.ok ? '' : health.reason, /ollama serve/);
    assert.equal((await rejection(down.listModels())).kind, 'unreachable');
  });

  it('names an unknown model and suggests pulling it', async () => {
    const err = await rejection(collect(provider.chat({ model: 'mistral', messages: [{ role: 'user', content: 'hi' }] })));
    assert.equal(err.kind, 'unknown-model');
    assert.match(err.message, /no model "mistral" — run `ollama pull mistral`/);
    const health = await new OllamaProvider({ host: server.url, model: 'mistral' }).health();
    assert.equal(health.ok, false);
    assert.match(health.ok ? '' : health.reason, /ollama pull mistral/);
    assert.equal((await provider.health()).ok, true, 'llama3.2 matches llama3.2:latest');
  });

  it('says the answer was cut off when the connection drops mid-stream', async () => {
    server.handle('POST /api/chat', async (_req, res) => {
      const write = ndjson(res);
      write(part('The first half'));
      await tick(20);
      res.destroy();
    });
    const seen: string[] = [];
    const err = await rejection(
      (async () => {
        for await (const c of provider.chat({ messages: [{ role: 'user', content: 'hi' }] })) seen.push(c.text);
      })(),
    );
    assert.deepEqual(seen, ['The first half']);
    assert.equal(err.kind, 'disconnected');
    assert.match(err.message, /cut off/);
  });

  it('treats a stream that ends without `done` as cut off', async () => {
    server.handle('POST /api/chat', (_req, res) => {
      ndjson(res)(part('partial'));
      res.end();
    });
    const err = await rejection(collect(provider.chat({ messages: [{ role: 'user', content: 'hi' }] })));
    assert.equal(err.kind, 'disconnected');
  });

  it('skips a garbage line (as the ollama package does) and still finishes the answer', async () => {
    server.handle('POST /api/chat', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      res.end(`${JSON.stringify(part('ok'))}\n<html>proxy error</html>\n${JSON.stringify(part('', true))}\n`);
    });
    const chunks = await collect(provider.chat({ messages: [{ role: 'user', content: 'hi' }] }));
    assert.deepEqual(chunks.map((c) => c.text), ['ok', '']);
  });

  it('reports garbage with no end as a cut-off answer', async () => {
    server.handle('POST /api/chat', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      res.end(`${JSON.stringify(part('ok'))}\n<html>proxy error</html>\n`);
    });
    const err = await rejection(collect(provider.chat({ messages: [{ role: 'user', content: 'hi' }] })));
    assert.equal(err.kind, 'disconnected');
    assert.match(err.message, /cut off/);
  });

  it('passes on an error the server sends inside the stream', async () => {
    server.handle('POST /api/chat', (_req, res) => {
      const write = ndjson(res);
      write(part('a'));
      write({ error: 'model runner has unexpectedly stopped' });
      res.end();
    });
    const err = await rejection(collect(provider.chat({ messages: [{ role: 'user', content: 'hi' }] })));
    assert.match(err.message, /model runner has unexpectedly stopped/);
  });

  it('stops mid-stream when the signal aborts, ending with an AbortError and closing the request', async () => {
    let closed = false;
    server.handle('POST /api/chat', async (req, res) => {
      req.socket.on('close', () => (closed = true));
      const write = ndjson(res);
      for (let i = 0; i < 200 && !closed; i++) {
        write(part(`t${i} `));
        await tick(10);
      }
      res.end();
    });
    const controller = new AbortController();
    const seen: string[] = [];
    await assert.rejects(
      (async () => {
        for await (const c of provider.chat({ messages: [{ role: 'user', content: 'hi' }], signal: controller.signal })) {
          seen.push(c.text);
          if (seen.length === 2) controller.abort();
        }
      })(),
      (err: Error) => err.name === 'AbortError',
    );
    assert.equal(seen.length, 2);
    await tick(50);
    assert.ok(closed, 'the server saw the request go away');
  });

  it('closes the request when the consumer stops reading early', async () => {
    let closed = false;
    server.handle('POST /api/chat', async (req, res) => {
      req.socket.on('close', () => (closed = true));
      const write = ndjson(res);
      for (let i = 0; i < 200 && !closed; i++) {
        write(part(`t${i} `));
        await tick(10);
      }
      res.end();
    });
    for await (const c of provider.chat({ messages: [{ role: 'user', content: 'hi' }] })) if (c.text) break;
    await tick(50);
    assert.ok(closed);
  });

  it('lets a second chat through when the first one is stopped during the shared model lookup', async () => {
    server.handle('POST /api/show', async (_req, res) => {
      await tick(60);
      sendJson(res, 200, { parameters: '', model_info: { 'llama.context_length': 8192 } });
    });
    const controller = new AbortController();
    const first = collect(provider.chat({ messages: [{ role: 'user', content: 'hi' }], signal: controller.signal }));
    const second = collect(provider.chat({ messages: [{ role: 'user', content: 'hi' }] }));
    await tick(20);
    controller.abort();
    await assert.rejects(first, { name: 'AbortError' });
    assert.equal((await second).map((c) => c.text).join(''), 'Hello, world');
  });

  it('rejects at once when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(collect(provider.chat({ messages: [{ role: 'user', content: 'hi' }], signal: controller.signal })), { name: 'AbortError' });
    assert.equal(server.requests.length, 0);
  });

  it('reports a server that never answers as unhealthy after the health timeout', async () => {
    server.handle('GET /api/tags', () => undefined);
    const slow = new OllamaProvider({ host: server.url, model: MODEL, healthTimeoutMs: 100 });
    const health = await slow.health();
    assert.equal(health.ok, false);
    assert.match(health.ok ? '' : health.reason, /did not answer within 0.1 s/);
  });

  it('still answers when /api/show fails for another reason, just without the window check', async () => {
    server.handle('POST /api/show', (_req, res) => sendJson(res, 500, { error: 'show is broken' }));
    const chunks = await collect(provider.chat({ messages: [{ role: 'user', content: 'hi' }] }));
    assert.equal(chunks.map((c) => c.text).join(''), 'Hello, world');
  });

  it('lists models with their context windows from /api/show', async () => {
    const models = await provider.listModels();
    assert.deepEqual(models, [
      { id: 'llama3.2:latest', contextTokens: 131072 },
      { id: 'tiny:1b', contextTokens: 1024 },
    ]);
  });

  it('asks for a larger num_ctx when the prompt needs it and the model allows it', async () => {
    const long = 'memory '.repeat(3000); // ~6000 tokens
    await collect(provider.chat({ messages: [{ role: 'user', content: long }] }));
    const sent = server.requests.find((r) => r.url === '/api/chat')?.body as { options: { num_ctx?: number } };
    assert.equal(sent.options.num_ctx, 8192);
    assert.deepEqual(warnings, []);
  });

  it('warns when the prompt cannot fit even the largest window the model has', async () => {
    await collect(provider.chat({ model: 'tiny:1b', messages: [{ role: 'user', content: 'memory '.repeat(1000) }] }));
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] ?? '', /does not fit the model's 1024-token context window/);
  });

  it('embeds texts through /api/embed', async () => {
    server.handle('POST /api/embed', (req, res) => {
      const { input } = req.body as { input: string[] };
      sendJson(res, 200, { model: 'nomic-embed-text', embeddings: input.map((_, i) => [i, 0.5]) });
    });
    const vectors = await provider.embed(['a', 'b']);
    assert.deepEqual(vectors.map((v) => [...v]), [[0, 0.5], [1, 0.5]]);
    assert.equal((server.requests.at(-1)?.body as { model: string }).model, 'nomic-embed-text');
  });
});

describe('context budget', () => {
  it('reads num_ctx and the trained window from show', () => {
    assert.deepEqual(readOllamaContext({ parameters: 'num_ctx 8192\nstop "x"', model_info: { 'qwen2.context_length': 32768 } }), { configured: 8192, trained: 32768 });
    assert.deepEqual(readOllamaContext({}), {});
  });
  it('warns only when the prompt and the answer do not fit', () => {
    assert.equal(checkContextBudget(1000, 4096), undefined);
    assert.match(checkContextBudget(4000, 4096) ?? '', /does not fit/);
  });
  it('picks a power-of-two window capped at the trained size', () => {
    assert.equal(chooseNumCtx(1500, {}), undefined);
    assert.equal(chooseNumCtx(5000, { trained: 131072 }), 8192);
    assert.equal(chooseNumCtx(50000, { trained: 32768 }), 32768);
    assert.equal(chooseNumCtx(5000, { configured: 8192 }), undefined);
  });
});
