/**
 * Turns the settings snapshot (and the secrets the host read from SecretStorage) into the chosen
 * model provider. Only the provider the person chose is built, and building one contacts nothing:
 * the first network call happens when it is asked something, at the address they configured.
 */
import type { SettingsSnapshot } from '../settings/settingsTable';
import type { ModelProvider } from './modelProvider';
import { OllamaProvider } from './providers/ollamaProvider';
import { OpenAiCompatibleProvider } from './providers/openAiCompatibleProvider';

export type ProviderSettings = Pick<SettingsSnapshot, 'llmProvider' | 'llmOllamaHost' | 'llmOllamaModel' | 'llmOpenAiBaseUrl' | 'llmOpenAiModel'>;

/** Secrets the host keeps in VS Code's SecretStorage; never in settings, never logged. */
export interface ProviderSecrets {
  openAiApiKey?: string;
}

export interface ProviderHooks {
  /** Told when a prompt will not fit the model's context window. */
  onWarning?: (message: string) => void;
}

/**
 * The provider for `metahuman.llm.provider`; undefined for `offline` and `vscodeLm`, which are built
 * where their inputs live (the memory index, the editor's `vscode.lm`).
 */
export function createProvider(values: ProviderSettings, secrets: ProviderSecrets, hooks: ProviderHooks = {}): ModelProvider | undefined {
  switch (values.llmProvider) {
    case 'ollama':
      return new OllamaProvider({ host: values.llmOllamaHost, model: values.llmOllamaModel, ...(hooks.onWarning ? { onWarning: hooks.onWarning } : {}) });
    case 'openaiCompatible':
      return new OpenAiCompatibleProvider({
        baseUrl: values.llmOpenAiBaseUrl,
        model: values.llmOpenAiModel,
        ...(secrets.openAiApiKey ? { apiKey: secrets.openAiApiKey } : {}),
      });
    default:
      return undefined;
  }
}

/** What a model is asked to do; each role may use its own model (DESIGN.md, "Models"). Embedding has its own settings (`metahuman.search.*`). */
export type ModelRole = 'chat' | 'reflection' | 'dreaming' | 'organizing';

export type RoleModelSettings = Pick<SettingsSnapshot, 'llmReflectionModel' | 'llmDreamingModel' | 'llmOrganizingModel'>;

/** The model to put in `ChatRequest.model` for a role; undefined means the provider's configured chat model. */
export function modelForRole(values: RoleModelSettings, role: ModelRole): string | undefined {
  const byRole: Record<ModelRole, string> = {
    chat: '',
    reflection: values.llmReflectionModel,
    dreaming: values.llmDreamingModel,
    organizing: values.llmOrganizingModel,
  };
  return byRole[role].trim() || undefined;
}
