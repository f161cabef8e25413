import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { createProvider, modelForRole } from '../../../../src/core/llm/providerFactory';
import { OllamaProvider } from '../../../../src/core/llm/providers/ollamaProvider';
import { OpenAiCompatibleProvider } from '../../../../src/core/llm/providers/openAiCompatibleProvider';
import { defaultSettings, readSettings } from '../../../../src/core/settings/settingsTable';

const realFetch = globalThis.fetch;

describe('createProvider', () => {
  afterEach(() => {
    globalThis.fetch = realFetch;
  });

  it('builds nothing on first run: the default is offline', () => {
    const settings = defaultSettings();
    assert.equal(settings.llmProvider, 'offline');
    assert.equal(settings.llmOllamaHost, 'http://127.0.0.1:11434');
    assert.equal(createProvider(settings, {}), undefined);
    assert.equal(createProvider({ ...settings, llmProvider: 'vscodeLm' }, {}), undefined);
  });

  it('builds the chosen provider without contacting anything', () => {
    let calls = 0;
    globalThis.fetch = (() => {
      calls++;
      return Promise.reject(new Error('no network in this test'));
    });
    const settings = defaultSettings();
    const ollama = createProvider({ ...settings, llmProvider: 'ollama', llmOllamaHost: 'http://10.0.0.5:11434/' }, {});
    assert.ok(ollama instanceof OllamaProvider);
    assert.equal(ollama.label, 'Ollama (http://10.0.0.5:11434)');
    const key = 'sk-factory-SECRET-1234';
    const openai = createProvider({ ...settings, llmProvider: 'openaiCompatible', llmOpenAiBaseUrl: 'http://127.0.0.1:1234/v1', llmOpenAiModel: 'qwen' }, { openAiApiKey: key });
    assert.ok(openai instanceof OpenAiCompatibleProvider);
    assert.equal(openai.label, 'OpenAI-compatible (http://127.0.0.1:1234/v1)');
    assert.equal(calls, 0);
  });

  it('falls back to offline for an unknown provider name in the configuration', () => {
    const settings = readSettings((k) => (k === 'llm.provider' ? 'gpt-cloud' : undefined));
    assert.equal(settings.llmProvider, 'offline');
    assert.equal(createProvider(settings, {}), undefined);
  });
});

describe('modelForRole', () => {
  it('uses the role model when set, else leaves the provider default', () => {
    const settings = { ...defaultSettings(), llmReflectionModel: 'qwen2.5:1.5b', llmDreamingModel: '  ' };
    assert.equal(modelForRole(settings, 'reflection'), 'qwen2.5:1.5b');
    assert.equal(modelForRole(settings, 'dreaming'), undefined);
    assert.equal(modelForRole(settings, 'organizing'), undefined);
    assert.equal(modelForRole(settings, 'chat'), undefined);
  });
});
