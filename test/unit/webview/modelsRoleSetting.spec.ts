import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { roleEditable, roleModelChange } from '../../../src/host/models/roleModelSetting';
import { offlineStatus, ollamaStatus } from './modelsFixtures';

describe('changing a role model from the models view', () => {
  it('writes the role setting the status names, an empty one meaning "uses the chat model"', () => {
    assert.deepEqual(roleModelChange(ollamaStatus(), 'reflection', '  qwen2.5:0.5b '), { ok: true, key: 'llm.reflectionModel', value: 'qwen2.5:0.5b', text: 'Reflection now uses qwen2.5:0.5b (metahuman.llm.reflectionModel).' });
    assert.deepEqual(roleModelChange(ollamaStatus(), 'dreaming', ''), { ok: true, key: 'llm.dreamingModel', value: '', text: 'Dreaming now uses the chat model (metahuman.llm.dreamingModel cleared).' });
    assert.deepEqual(roleModelChange(ollamaStatus(), 'chat', 'mistral'), { ok: true, key: 'llm.ollama.model', value: 'mistral', text: 'Chat now uses mistral (metahuman.llm.ollama.model).' });
    assert.deepEqual(roleModelChange(ollamaStatus(), 'embedding', 'mxbai-embed-large'), { ok: true, key: 'search.ollamaModel', value: 'mxbai-embed-large', text: 'Embedding now uses mxbai-embed-large (metahuman.search.ollamaModel).' });
  });

  it('refuses what would break the twin, saying why', () => {
    const emptyChat = roleModelChange(ollamaStatus(), 'chat', ' ');
    assert.deepEqual(emptyChat, { ok: false, error: 'The chat model cannot be empty: name one of your Ollama models (see "ollama list").' });
    const offlineChat = roleModelChange(offlineStatus(), 'chat', 'llama3.2');
    assert.equal(offlineChat.ok, false);
    assert.match(!offlineChat.ok ? offlineChat.error : '', /chosen by the provider "offline".*MetaHuman: Select Model Provider/);
    const lexical = roleModelChange(offlineStatus(), 'embedding', 'nomic-embed-text');
    assert.match(!lexical.ok ? lexical.error : '', /comes from metahuman\.search\.embedder, which the models view does not change/);
    const lineBreak = roleModelChange(ollamaStatus(), 'reflection', 'llama\nrm -rf');
    assert.match(!lineBreak.ok ? lineBreak.error : '', /no line breaks or control characters; "llama rm -rf" is not one/);
  });

  it('offers to change only the roles it may write', () => {
    const roles = ['chat', 'reflection', 'dreaming', 'organizing', 'embedding'] as const;
    assert.deepEqual(roles.filter((r) => roleEditable(offlineStatus(), r)), ['reflection', 'dreaming', 'organizing']);
    assert.deepEqual(roles.filter((r) => roleEditable(ollamaStatus(), r)), [...roles]);
  });
});
