import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chooseEmbedder } from '../../../src/core/index/embedderChoice';
import { createLexicalEmbedder } from '../../../src/core/index/lexicalEmbedder';
import { MemoryIndex } from '../../../src/core/index/memoryIndex';
import { createOllamaEmbedder } from '../../../src/core/index/ollamaEmbedder';
import { createOnnxEmbedder, OnnxModelMissingError } from '../../../src/core/index/onnxEmbedder';
import { writeTinyOnnxModel } from '../../fixtures/index/tinyOnnxModel';
import { aMemory, InMemoryMemoryLog } from './memoryFixtures';

const cosine = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i], 0);
const norm = (a: Float32Array) => Math.sqrt(cosine(a, a));

describe('lexical embedder', () => {
  it('is deterministic, unit length, and near for shared word pieces', async () => {
    const e = createLexicalEmbedder();
    const [a, b, c, again] = await e.embed(['fixed the parser bug', 'parsing bugs fixed', 'lunch with the team', 'fixed the parser bug']);
    assert.equal(a.length, e.dimension);
    assert.deepEqual(a, again);
    assert.ok(Math.abs(norm(a) - 1) < 1e-5);
    assert.ok(cosine(a, b) > cosine(a, c) + 0.2, 'shared word pieces are nearer than unrelated text');
    assert.match(e.label, /lexical/);
  });
});

describe('ONNX embedder (a tiny model the test generates)', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mh-onnx-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('loads the model from its folder through transformers.js and gives vectors of its dimension', async () => {
    const modelDir = join(dir, 'tiny-bert');
    const { dimension } = writeTinyOnnxModel(modelDir, { dimension: 12 });
    const embedder = await createOnnxEmbedder({ modelDir });
    try {
      assert.equal(embedder.dimension, dimension);
      assert.match(embedder.id, /^onnx:/);
      const [a, b, a2] = await embedder.embed(['fixed the parser bug', 'meeting with alice', 'fixed the parser bug']);
      assert.equal(a.length, 12);
      assert.ok(Math.abs(norm(a) - 1) < 1e-4);
      assert.deepEqual(Array.from(a), Array.from(a2));
      assert.notDeepEqual(Array.from(a), Array.from(b));
    } finally {
      await embedder.dispose?.();
    }
  });

  it('builds an index whose vectors come from the model', async () => {
    const modelDir = join(dir, 'tiny-bert-2');
    writeTinyOnnxModel(modelDir, { dimension: 16 });
    const embedder = await createOnnxEmbedder({ modelDir });
    const log = InMemoryMemoryLog.with([aMemory({ text: 'fixed the parser bug' }), aMemory({ text: 'meeting with alice about caching' })]);
    const index = await MemoryIndex.open({ dir: join(dir, 'index'), feed: log, embedder });
    try {
      await index.whenIdle();
      assert.equal(index.status().embedder.dimension, 16);
      assert.equal(index.status().embedded, 2);
      const hits = (await index.search('parser bug')).hits;
      assert.equal(hits[0].text, 'fixed the parser bug');
      assert.ok(hits[0].parts.vector);
    } finally {
      await index.close();
      await embedder.dispose?.();
    }
  });

  it('names the missing folder and falls back to the lexical embedder', async () => {
    const missing = join(dir, 'no-such-model');
    await assert.rejects(createOnnxEmbedder({ modelDir: missing }), (e: unknown) => e instanceof OnnxModelMissingError && e.message.includes(missing));
    const chosen = await chooseEmbedder({ kind: 'onnx', onnxModelPath: missing });
    assert.match(chosen.embedder.id, /^lexical/);
    assert.ok(chosen.warning?.includes(`"${missing}"`), chosen.warning);
    assert.match(chosen.warning!, /lexical/);
  });

  it('names the missing files of an incomplete folder', async () => {
    const partial = join(dir, 'partial');
    writeTinyOnnxModel(partial);
    rmSync(join(partial, 'tokenizer.json'));
    const chosen = await chooseEmbedder({ kind: 'onnx', onnxModelPath: partial });
    assert.match(chosen.warning!, /tokenizer\.json/);
  });
});

describe('Ollama embedder (a local server speaking /api/embed)', () => {
  let server: Server;
  let host: string;
  const requests: Array<{ model: string; input: string[] }> = [];
  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        if (req.url !== '/api/embed' || req.method !== 'POST') {
          res.writeHead(404).end();
          return;
        }
        const parsed = JSON.parse(body) as { model: string; input: string | string[] };
        const input = Array.isArray(parsed.input) ? parsed.input : [parsed.input];
        requests.push({ model: parsed.model, input });
        if (parsed.model !== 'fake-embed') {
          res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: `model "${parsed.model}" not found, try pulling it first` }));
          return;
        }
        // 8 dimensions from letter counts: deterministic, and similar texts are near.
        const embeddings = input.map((t) => Array.from({ length: 8 }, (_, i) => [...t.toLowerCase()].filter((ch) => ch.charCodeAt(0) % 8 === i).length + 0.1));
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ model: parsed.model, embeddings }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    host = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  it('embeds in batches and learns the dimension', async () => {
    const embedder = await createOllamaEmbedder({ host, model: 'fake-embed', batchSize: 2 });
    assert.equal(embedder.dimension, 8);
    assert.equal(embedder.id, `ollama:${host}:fake-embed`);
    const before = requests.length;
    const vectors = await embedder.embed(['one', 'two', 'three']);
    assert.equal(vectors.length, 3);
    assert.equal(requests.length - before, 2, 'three texts in batches of two');
    assert.ok(Math.abs(norm(vectors[0]) - 1) < 1e-5);
  });

  it('says which model to pull when the server lacks it', async () => {
    await assert.rejects(createOllamaEmbedder({ host, model: 'missing-model' }), /ollama pull missing-model/);
  });

  it('reports an unreachable server clearly and falls back to the lexical embedder', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const deadHost = `http://127.0.0.1:${port}`;
    await assert.rejects(createOllamaEmbedder({ host: deadHost, model: 'fake-embed' }), (e: Error) => e.message.includes(`not reachable at ${deadHost}`) && /ollama serve/.test(e.message));
    const chosen = await chooseEmbedder({ kind: 'ollama', ollamaHost: deadHost, ollamaModel: 'fake-embed' });
    assert.match(chosen.embedder.id, /^lexical/);
    assert.match(chosen.warning!, /not reachable/);
  });

  it('keeps answering from full text when the server goes away after start', async () => {
    let up = true;
    const embedder = await createOllamaEmbedder({ host, model: 'fake-embed' });
    const flaky = { ...embedder, embed: (t: string[]) => (up ? embedder.embed(t) : Promise.reject(new Error('Ollama is not reachable'))) };
    const dir = mkdtempSync(join(tmpdir(), 'mh-ollama-'));
    const log = InMemoryMemoryLog.with([aMemory({ text: 'fixed the parser bug' })]);
    const index = await MemoryIndex.open({ dir, feed: log, embedder: flaky });
    try {
      up = false;
      const result = await index.search('parser');
      assert.equal(result.hits[0].text, 'fixed the parser bug');
      assert.match(result.vectorError!, /not reachable/);
    } finally {
      await index.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
