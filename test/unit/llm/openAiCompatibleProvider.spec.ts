import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ModelProviderError } from '../../../src/core/llm/modelProvider';
import type { ChatChunk } from '../../../src/core/llm/modelProvider';
import { OpenAiCompatibleProvider } from '../../../src/core/llm/providers/openAiCompatibleProvider';
import type { LocalServer } from './providers/localServer';
import { closedPortUrl, sendJson, startServer, tick } from './providers/localServer';

const KEY = 'sk-local-SECRET-7f3a9c';
const MODEL = 'qwen2.5-7b-instruct';

function sse(res: ServerResponse): (data: unknown) => void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  return (data) => res.write(`data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
}

const delta = (content: string, finish: string | null = null) => ({ id: 'c1', object: 'chat.completion.chunk', model: MODEL, choices: [{ index: 0, delta: { content }, finish_reason: finish }] });

async function collect(gen: AsyncGenerator<ChatChunk>): Promise<ChatChunk[]> {
  const out: ChatChunk[] = [];
  for await (const c of gen) out.push(c);
  return out;
}

/** Every ModelProviderError the tests saw, to check none of them carries the key. */
const seenErrors: string[] = [];

async function rejection(p: Promise<unknown>): Promise<ModelProviderError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof ModelProviderError, `expected a ModelProviderError, got ${String(err)}`);
    seenErrors.push(`${err.message} ${err.stack ?? ''}`);
    return err;
  }
  throw new assert.AssertionError({ message: 'expected a rejection' });
}

const ask = (p: OpenAiCompatibleProvider, extra: Record<string, unknown> = {}) => collect(p.chat({ messages: [{ role: 'user', content: 'hi' }], ...extra }));

describe('OpenAiCompatibleProvider against a local SSE server', () => {
  let server: LocalServer;
  let provider: OpenAiCompatibleProvider;
  const logged: string[] = [];
  const originals = { log: console.log, warn: console.warn, error: console.error, info: console.info, debug: console.debug };

  before(async () => {
    server = await startServer();
    for (const name of Object.keys(originals) as Array<keyof typeof originals>) {
      console[name] = (...args: unknown[]) => logged.push(args.map(String).join(' '));
    }
  });
  after(async () => {
    Object.assign(console, originals);
    await server.close();
  });

  beforeEach(() => {
    server.requests.length = 0;
    provider = new OpenAiCompatibleProvider({ baseUrl: server.url, model: MODEL, apiKey: KEY });
    server.handle('GET /v1/models', (_req, res) => sendJson(res, 200, { object: 'list', data: [{ id: MODEL, object: 'model', max_model_len: 32768 }, { id: 'nomic-embed', object: 'model' }] }));
    server.handle('POST /v1/chat/completions', (req, res) => {
      const body = req.body as { model: string };
      if (req.headers.authorization !== `Bearer ${KEY}`) return sendJson(res, 401, { error: { message: `Incorrect API key provided: ${String(req.headers.authorization)}` } });
      if (body.model !== MODEL) return sendJson(res, 404, { error: { message: `The model \`${body.model}\` does not exist.` } });
      const write = sse(res);
      res.write(': keep-alive\n\n');
      write(delta('Hel'));
      write(delta('lo'));
      write({ ...delta('', 'stop'), usage: { prompt_tokens: 9, completion_tokens: 2 } });
      write('[DONE]');
      res.end();
    });
  });

  it('streams deltas, then done with the usage, sending the key only as the bearer header', async () => {
    const chunks = await ask(provider, { json: true, maxTokens: 50 });
    assert.deepEqual(chunks.map((c) => c.text), ['Hel', 'lo', '']);
    assert.deepEqual(chunks.at(-1), { text: '', done: true, usage: { promptTokens: 9, completionTokens: 2 } });
    const sent = server.requests.at(-1);
    assert.equal(sent?.url, '/v1/chat/completions', '/v1 is added to a bare base URL');
    assert.equal(sent?.headers.authorization, `Bearer ${KEY}`);
    assert.deepEqual(sent?.body, { model: MODEL, messages: [{ role: 'user', content: 'hi' }], stream: true, max_tokens: 50, response_format: { type: 'json_object' } });
    assert.ok(!provider.label.includes(KEY));
  });

  it('accepts a base URL that already ends in /v1 and a stream that ends at finish_reason without [DONE]', async () => {
    server.handle('POST /v1/chat/completions', (_req, res) => {
      const write = sse(res);
      write(delta('All'));
      write(delta('', 'stop'));
      res.end();
    });
    const p = new OpenAiCompatibleProvider({ baseUrl: `${server.url}/v1/`, model: MODEL });
    const chunks = await ask(p);
    assert.deepEqual(chunks.map((c) => [c.text, c.done]), [['All', false], ['', true]]);
    assert.equal(server.requests.at(-1)?.headers.authorization, undefined, 'no key, no header');
  });

  it('uses the first listed model when none is set', async () => {
    const p = new OpenAiCompatibleProvider({ baseUrl: server.url, apiKey: KEY });
    await ask(p);
    assert.equal((server.requests.at(-1)?.body as { model: string }).model, MODEL);
  });

  it('says nothing answers at the URL when the connection is refused', async () => {
    const url = await closedPortUrl();
    const down = new OpenAiCompatibleProvider({ baseUrl: url, model: MODEL, apiKey: KEY });
    const err = await rejection(ask(down));
    assert.equal(err.kind, 'unreachable');
    assert.ok(err.message.includes(`${url}/v1`), err.message);
    const health = await down.health();
    assert.equal(health.ok, false);
    if (!health.ok) seenErrors.push(health.reason);
  });

  it('reports 401 and 403 as an auth problem without repeating the key the server echoed', async () => {
    const wrong = new OpenAiCompatibleProvider({ baseUrl: server.url, model: MODEL, apiKey: `${KEY}-wrong` });
    const err = await rejection(ask(wrong));
    assert.equal(err.kind, 'auth');
    assert.match(err.message, /HTTP 401: the API key was refused/);
    server.handle('GET /v1/models', (_req, res) => sendJson(res, 403, { error: `forbidden for key ${KEY}` }));
    const err2 = await rejection(provider.listModels());
    assert.equal(err2.kind, 'auth');
    server.handle('GET /v1/models', (_req, res) => sendJson(res, 500, { error: `internal: key ${KEY} rejected upstream` }));
    const err3 = await rejection(provider.listModels());
    assert.equal(err3.kind, 'bad-response');
    assert.match(err3.message, /\*\*\*/, 'the echoed key is masked');
  });

  it('names an unknown model (404)', async () => {
    const err = await rejection(ask(provider, { model: 'gpt-9' }));
    assert.equal(err.kind, 'unknown-model');
    assert.match(err.message, /no model "gpt-9"/);
  });

  it('says the answer was cut off when the stream drops mid-answer', async () => {
    server.handle('POST /v1/chat/completions', async (_req, res) => {
      sse(res)(delta('The first half'));
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

  it('treats a stream that closes cleanly without finish_reason or [DONE] as cut off', async () => {
    server.handle('POST /v1/chat/completions', (_req, res) => {
      sse(res)(delta('partial'));
      res.end();
    });
    assert.equal((await rejection(ask(provider))).kind, 'disconnected');
  });

  it('rejects garbage in the stream as a bad response', async () => {
    server.handle('POST /v1/chat/completions', (_req, res) => {
      const write = sse(res);
      write(delta('ok'));
      write('{not json');
      res.end();
    });
    const err = await rejection(ask(provider));
    assert.equal(err.kind, 'bad-response');
    assert.match(err.message, /not an SSE JSON event/);
    server.handle('POST /v1/chat/completions', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>502 Bad Gateway</body></html>\n');
    });
    assert.equal((await rejection(ask(provider))).kind, 'bad-response');
  });

  it('passes on an error event in the stream', async () => {
    server.handle('POST /v1/chat/completions', (_req, res) => {
      sse(res)({ error: { message: 'context length exceeded' } });
      res.end();
    });
    const err = await rejection(ask(provider));
    assert.match(err.message, /context length exceeded/);
  });

  it('asks again without response_format when the server only takes json_schema (LM Studio)', async () => {
    let calls = 0;
    server.handle('POST /v1/chat/completions', (req, res) => {
      calls++;
      if ((req.body as { response_format?: unknown }).response_format) return sendJson(res, 400, { error: "'response_format.type' must be 'json_schema' or 'text'" });
      const write = sse(res);
      write(delta('{"a":1}', 'stop'));
      write('[DONE]');
      res.end();
    });
    const chunks = await ask(provider, { json: true });
    assert.equal(chunks.map((c) => c.text).join(''), '{"a":1}');
    assert.equal(calls, 2);
  });

  it('stops mid-stream when the signal aborts, ending with an AbortError and closing the request', async () => {
    let closed = false;
    server.handle('POST /v1/chat/completions', async (req, res) => {
      req.socket.on('close', () => (closed = true));
      const write = sse(res);
      for (let i = 0; i < 200 && !closed; i++) {
        write(delta(`t${i} `));
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
    server.handle('POST /v1/chat/completions', async (req, res) => {
      req.socket.on('close', () => (closed = true));
      const write = sse(res);
      for (let i = 0; i < 200 && !closed; i++) {
        write(delta(`t${i} `));
        await tick(10);
      }
      res.end();
    });
    for await (const c of provider.chat({ messages: [{ role: 'user', content: 'hi' }] })) if (c.text) break;
    await tick(50);
    assert.ok(closed);
  });

  it('reports a server that never answers as unhealthy after the health timeout', async () => {
    server.handle('GET /v1/models', () => undefined);
    const slow = new OpenAiCompatibleProvider({ baseUrl: server.url, model: MODEL, apiKey: KEY, healthTimeoutMs: 100 });
    const health = await slow.health();
    assert.equal(health.ok, false);
    assert.match(health.ok ? '' : health.reason, /did not answer within 0.1 s/);
    if (!health.ok) seenErrors.push(health.reason);
  });

  it('lists models with the context window when the server says it', async () => {
    assert.deepEqual(await provider.listModels(), [{ id: MODEL, contextTokens: 32768 }, { id: 'nomic-embed' }]);
    const health = await provider.health();
    assert.equal(health.ok, true);
  });

  it('embeds through /v1/embeddings in input order', async () => {
    server.handle('POST /v1/embeddings', (req, res) => {
      const { input } = req.body as { input: string[] };
      sendJson(res, 200, { object: 'list', data: input.map((_, i) => ({ object: 'embedding', index: i, embedding: [i, 1] })).reverse() });
    });
    const p = new OpenAiCompatibleProvider({ baseUrl: server.url, model: MODEL, embeddingModel: 'nomic-embed', apiKey: KEY });
    const vectors = await p.embed(['a', 'b', 'c']);
    assert.deepEqual(vectors.map((v) => [...v]), [[0, 1], [1, 1], [2, 1]]);
    assert.equal((server.requests.at(-1)?.body as { model: string }).model, 'nomic-embed');
  });

  it('asks for a base URL, calling nothing, when none is set', async () => {
    const p = new OpenAiCompatibleProvider({ baseUrl: '', apiKey: KEY });
    const err = await rejection(ask(p, { model: 'x' }));
    assert.equal(err.kind, 'unreachable');
    assert.match(err.message, /metahuman\.llm\.openai\.baseUrl/);
    assert.equal(server.requests.length, 0);
  });

  // Runs last (tests in a describe run in order): every error and console line above was collected.
  it('never shows the API key in an error message, a stack or a log line', () => {
    assert.ok(seenErrors.length >= 10, `only ${seenErrors.length} errors seen`);
    const everything = [...logged, ...seenErrors].join('\n');
    assert.ok(!everything.includes(KEY));
  });
});
