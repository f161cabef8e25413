import { HostLmChatStream, HostLmModelsRequest } from '../../../protocol/hostServicesProtocol';
import type { Messenger } from '../../../protocol/messenger';
import type { ChatChunk, ChatRequest, ModelInfo, ModelProvider, ProviderHealth } from '../modelProvider';

/**
 * VS Code's Language Model API as a provider of the engine: the engine runs in a worker without
 * `vscode`, so each request goes to the extension host, which calls `vscode.lm` (and VS Code asks
 * the person for consent the first time).
 */
export class HostLmProvider implements ModelProvider {
  readonly id = 'vscode-lm';
  readonly label = "VS Code's language models";

  constructor(
    private readonly host: Messenger,
    private readonly model?: string,
  ) {}

  async health(): Promise<ProviderHealth> {
    const models = await this.listModels();
    return models.length > 0
      ? { ok: true, detail: `${models.length} chat model(s) offered by VS Code, e.g. ${models[0]?.id}` }
      : { ok: false, reason: 'VS Code offers no chat model here: install and sign in to an extension that provides one (e.g. GitHub Copilot), or pick another provider.' };
  }

  async listModels(): Promise<ModelInfo[]> {
    const models = await this.host.request(HostLmModelsRequest, {});
    return models.map((m) => ({ id: m.id, contextTokens: m.maxInputTokens }));
  }

  async *chat(request: ChatRequest): AsyncGenerator<ChatChunk, void, undefined> {
    const model = request.model ?? this.model;
    const stream = this.host.stream(HostLmChatStream, { messages: request.messages, ...(model ? { model } : {}) }, { signal: request.signal, timeoutMs: 0 });
    for await (const chunk of stream) yield { text: chunk.text, done: false };
    yield { text: '', done: true };
  }
}
