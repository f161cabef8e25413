import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { chatProviderFor } from '../../../../src/core/llm/chat/chatProvider';
import { defaultSettings } from '../../../../src/core/settings/settingsTable';

describe('chat provider choice', () => {
  it('is the offline provider by default and the configured one with its model otherwise', () => {
    const defaults = defaultSettings();
    assert.equal(chatProviderFor(defaults).provider.id, 'offline');
    assert.equal(chatProviderFor(defaults).model, undefined);
    const ollama = chatProviderFor({ ...defaults, llmProvider: 'ollama', llmOllamaModel: 'llama3.2' });
    assert.equal(ollama.provider.id, 'ollama');
    assert.equal(ollama.model, 'llama3.2');
    assert.equal(chatProviderFor({ ...defaults, llmProvider: 'vscodeLm' }).provider.id, 'offline');
  });
});
