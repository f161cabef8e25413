import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ModelsService } from '../../../src/core/engine/modelsService';
import { defaultSettings, type SettingsSnapshot } from '../../../src/core/settings/settingsTable';
import { closedPortUrl, startServer, type LocalServer } from '../llm/providers/localServer';

function service(values: Partial<SettingsSnapshot>, fetchImpl?: typeof fetch): ModelsService {
  return new ModelsService({ values: () => ({ ...defaultSettings(), ...values }), ...(fetchImpl ? { fetch: fetchImpl } : {}) });
}

describe('engine models service', () => {
  let ollama: LocalServer;
  before(async () => {
    ollama = await startServer();
    ollama.handle('GET /api/tags', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({ models: [{ name: 'llama3.2:3b', model: 'llama3.2:3b', size: 2_019_393_189, digest: 'a', modified_at: '2026-01-01T00:00:00Z', details: {} }, { name: 'qwen2.5:0.5b', model: 'qwen2.5:0.5b', size: 397_821_319, digest: 'b', modified_at: '2026-01-01T00:00:00Z', details: {} }] }),
      );
    });
  });
  after(() => ollama.close());

  it('reports a reachable Ollama with its models and their sizes, and how long it took', async () => {
    const result = await service({ llmProvider: 'ollama', llmOllamaHost: ollama.url, llmOllamaModel: 'llama3.2:3b' }).test();
    assert.equal(result.ok, true);
    assert.equal(result.contacted, true);
    assert.match(result.message, /2 model\(s\); chat uses llama3\.2:3b/);
    assert.deepEqual(result.models, [
      { name: 'llama3.2:3b', sizeBytes: 2_019_393_189 },
      { name: 'qwen2.5:0.5b', sizeBytes: 397_821_319 },
    ]);
    assert.equal(typeof result.latencyMs, 'number');
  });

  it('says which model is missing when the chat model is not on the server', async () => {
    const result = await service({ llmProvider: 'ollama', llmOllamaHost: ollama.url, llmOllamaModel: 'mistral' }).test();
    assert.equal(result.ok, false);
    assert.match(result.message, /mistral/);
  });

  it('reports an unreachable Ollama with a clear error naming its address', async () => {
    const url = await closedPortUrl();
    const result = await service({ llmProvider: 'ollama', llmOllamaHost: url, llmOllamaModel: 'llama3.2:3b' }).test();
    assert.equal(result.ok, false);
    assert.equal(result.contacted, true);
    assert.ok(result.message.includes(url.replace('http://', '')), result.message);
    assert.deepEqual(result.models, []);
  });

  it('in offline mode contacts nothing and says what works and how to choose a model', async () => {
    const calls: string[] = [];
    const spy = ((input: string) => {
      calls.push(input);
      return Promise.reject(new Error('no network in offline mode'));
    }) as unknown as typeof fetch;
    const seen = ollama.requests.length;
    const result = await service({ llmProvider: 'offline' }, spy).test();
    assert.equal(result.contacted, false);
    assert.match(result.message, /Offline mode/);
    assert.match(result.message, /MetaHuman: Select Model Provider/);
    assert.deepEqual(calls, []);
    assert.equal(ollama.requests.length, seen);
  });

  it('lists the model of each role, an empty role setting falling back to the chat model', () => {
    const status = service({ llmProvider: 'ollama', llmOllamaHost: ollama.url, llmOllamaModel: 'llama3.2:3b', llmReflectionModel: 'qwen2.5:0.5b' }).status();
    assert.equal(status.endpoint, ollama.url);
    const byRole = Object.fromEntries(status.roles.map((r) => [r.role, r]));
    assert.deepEqual(byRole.reflection, { role: 'reflection', setting: 'metahuman.llm.reflectionModel', model: 'qwen2.5:0.5b', inherits: false });
    assert.deepEqual(byRole.dreaming, { role: 'dreaming', setting: 'metahuman.llm.dreamingModel', model: 'llama3.2:3b', inherits: true });
    assert.equal(byRole.chat?.model, 'llama3.2:3b');
    assert.ok(byRole.embedding);
    assert.equal(service({ llmProvider: 'offline' }).status().endpoint, undefined);
  });
});
