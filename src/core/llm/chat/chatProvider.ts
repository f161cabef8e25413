import { createProvider, type ProviderHooks, type ProviderSecrets, type ProviderSettings } from '../providerFactory';
import type { ModelProvider } from '../modelProvider';
import { OfflineProvider } from './offlineAnswer';

/**
 * The chat provider for a settings snapshot: the factory's provider, or the offline one when
 * the setting is `offline` (the default) — the factory leaves that to us since it needs no
 * inputs but the prompt. `vscodeLm` is built by the host; here it also falls back to offline,
 * so the CLI answers whatever the editor is set to. `model` is the configured chat model, for
 * the request and the audit.
 */
export function chatProviderFor(values: ProviderSettings, secrets: ProviderSecrets = {}, hooks: ProviderHooks = {}): { provider: ModelProvider; model?: string } {
  const provider = createProvider(values, secrets, hooks);
  if (!provider) return { provider: new OfflineProvider() };
  const model = values.llmProvider === 'ollama' ? values.llmOllamaModel : values.llmOpenAiModel;
  return { provider, ...(model.trim() ? { model: model.trim() } : {}) };
}
