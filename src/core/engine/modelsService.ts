import { performance } from 'node:perf_hooks';
import { createProvider } from '../llm/providerFactory';
import type { SettingsSnapshot } from '../settings/settingsTable';
import type { Messenger } from '../../protocol/messenger';
import { ModelsStatusRequest, ModelsTestRequest, type ModelsStatus, type ModelsTestResult } from '../../protocol/modelsProtocol';

export interface ModelsServicePorts {
  values(): SettingsSnapshot;
  /** For tests; global fetch otherwise. */
  fetch?: typeof fetch;
  /** How long the model list may take (default 5 s). */
  timeoutMs?: number;
}

/**
 * The models view's engine side: the provider and the model per role from the settings, and a
 * health check that contacts only the provider the person chose, at the address they set.
 */
export class ModelsService {
  constructor(private readonly ports: ModelsServicePorts) {}

  status(): ModelsStatus {
    const s = this.ports.values();
    const chat = s.llmProvider === 'ollama' ? s.llmOllamaModel : s.llmProvider === 'openaiCompatible' ? s.llmOpenAiModel : '';
    const role = (r: 'reflection' | 'dreaming' | 'organizing', setting: string, value: string) => ({ role: r, setting, model: value.trim() || chat, inherits: value.trim() === '' });
    const embeddingModel = s.searchEmbedder === 'ollama' ? s.searchOllamaModel : s.searchEmbedder;
    return {
      provider: s.llmProvider,
      ...(endpointOf(s) ? { endpoint: endpointOf(s) } : {}),
      roles: [
        { role: 'chat', setting: s.llmProvider === 'openaiCompatible' ? 'metahuman.llm.openai.model' : 'metahuman.llm.ollama.model', model: chat, inherits: false },
        role('reflection', 'metahuman.llm.reflectionModel', s.llmReflectionModel),
        role('dreaming', 'metahuman.llm.dreamingModel', s.llmDreamingModel),
        role('organizing', 'metahuman.llm.organizingModel', s.llmOrganizingModel),
        { role: 'embedding', setting: s.searchEmbedder === 'ollama' ? 'metahuman.search.ollamaModel' : 'metahuman.search.embedder', model: embeddingModel, inherits: false },
      ],
    };
  }

  async test(): Promise<ModelsTestResult> {
    const s = this.ports.values();
    if (s.llmProvider === 'offline') {
      return {
        provider: 'offline',
        contacted: false,
        ok: true,
        message: 'Offline mode: no model is contacted. Chat answers are built from your memories with their sources, and search works; reflections, dreams and model-written summaries wait for a model. Choose one with "MetaHuman: Select Model Provider".',
        models: [],
      };
    }
    if (s.llmProvider === 'vscodeLm') {
      return { provider: 'vscodeLm', contacted: false, ok: true, message: "VS Code's language models are listed by the editor, which asks for your consent on first use.", models: [] };
    }
    const started = performance.now();
    const provider = createProvider(s, {});
    if (!provider) return { provider: s.llmProvider, contacted: false, ok: false, message: `Unknown provider "${s.llmProvider}"; choose one with "MetaHuman: Select Model Provider".`, models: [] };
    const health = await provider.health();
    const latencyMs = Math.round(performance.now() - started);
    const models = health.ok && s.llmProvider === 'ollama' ? await this.ollamaModels(s.llmOllamaHost) : [];
    return { provider: s.llmProvider, contacted: true, ok: health.ok, message: health.ok ? health.detail : health.reason, latencyMs, models };
  }

  /** `/api/tags` with sizes (the provider's own list leaves them out). */
  private async ollamaModels(host: string): Promise<ModelsTestResult['models']> {
    try {
      const response = await (this.ports.fetch ?? fetch)(`${host.replace(/\/+$/, '')}/api/tags`, { signal: AbortSignal.timeout(this.ports.timeoutMs ?? 5000) });
      const body = (await response.json()) as { models?: Array<{ name?: unknown; size?: unknown }> };
      return (body.models ?? [])
        .filter((m): m is { name: string; size?: unknown } => typeof m.name === 'string')
        .map((m) => ({ name: m.name, ...(typeof m.size === 'number' ? { sizeBytes: m.size } : {}) }));
    } catch {
      return [];
    }
  }
}

function endpointOf(s: SettingsSnapshot): string | undefined {
  if (s.llmProvider === 'ollama') return s.llmOllamaHost;
  if (s.llmProvider === 'openaiCompatible') return s.llmOpenAiBaseUrl;
  return undefined;
}

export function registerModelsHandlers(messenger: Messenger, ports: ModelsServicePorts): void {
  const service = new ModelsService(ports);
  messenger.onRequest(ModelsStatusRequest, () => service.status());
  messenger.onRequest(ModelsTestRequest, () => service.test());
}
