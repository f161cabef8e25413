import type { ChatAskParams, ChatEvent as WireChatEvent, ConversationSummary, ConversationTurn } from '../../protocol/chatProtocol';
import type { MemoryIndex } from '../index/memoryIndex';
import { ChatPipeline } from '../llm/chat/chatPipeline';
import { chatProviderFor } from '../llm/chat/chatProvider';
import type { ProposalOutcome } from '../llm/chat/actionIntent';
import type { ChatEvent } from '../llm/chat/chatTypes';
import type { ModelProvider } from '../llm/modelProvider';
import { HostLmProvider } from '../llm/providers/hostLmProvider';
import { HostSecretRequest } from '../../protocol/hostServicesProtocol';
import type { Messenger } from '../../protocol/messenger';
import type { ProfileStore } from '../profile/profileStore';
import type { EngineSettings } from './engineSettings';

export interface ChatServicePorts {
  openStore(): Promise<ProfileStore>;
  /** The extension host, for secrets and VS Code's language models; absent in the CLI. */
  host?: Messenger;
  openIndex(): Promise<MemoryIndex>;
  afterWrite(): Promise<void>;
  log(level: 'info' | 'warn' | 'error', message: string): void;
  /** The decision engine's `propose`: requests like "remind me to …" become proposals from `chat`. Absent: chat never acts. */
  propose?(input: { skill: string; args: Record<string, unknown>; reason: string; source: 'chat' }): Promise<ProposalOutcome>;
}

/** The chat pipeline in the engine, on the store and index the engine already holds. */
export class ChatService {
  private pipeline?: Promise<ChatPipeline>;

  constructor(
    private readonly settings: EngineSettings,
    private readonly ports: ChatServicePorts,
  ) {}

  async *ask(params: ChatAskParams, signal: AbortSignal): AsyncGenerator<WireChatEvent, void, undefined> {
    const pipeline = await this.open();
    for await (const event of pipeline.ask({ ...params, signal })) {
      const wire = toWire(event);
      if (wire) yield wire;
    }
  }

  async conversations(): Promise<ConversationSummary[]> {
    return (await this.open()).listConversations();
  }

  async conversation(id: string): Promise<ConversationTurn[]> {
    return (await this.open()).conversation(id);
  }

  private open(): Promise<ChatPipeline> {
    this.pipeline ??= (async () => {
      const store = await this.ports.openStore();
      const index = await this.ports.openIndex();
      const { provider, model } = await this.provider();
      return new ChatPipeline(store, index, provider, {
        ...(model ? { model } : {}),
        source: this.settings.actor === 'vscode' ? 'vscode:chat' : 'chat',
        afterWrite: () => this.ports.afterWrite(),
        ...(this.ports.propose ? { propose: (input) => this.propose(input) } : {}),
      });
    })();
    this.pipeline.catch(() => (this.pipeline = undefined));
    return this.pipeline;
  }

  /** Chat's proposals always carry the source `chat`, whatever the pipeline passes. */
  private propose(input: { skill: string; args: Record<string, unknown>; reason: string }): Promise<ProposalOutcome> {
    if (!this.ports.propose) return Promise.reject(new Error('No decision engine is wired to the chat.'));
    return this.ports.propose({ skill: input.skill, args: input.args, reason: input.reason, source: 'chat' });
  }

  private async provider(): Promise<{ provider: ModelProvider; model?: string }> {
    const values = this.settings.values;
    const host = this.ports.host;
    if (values.llmProvider === 'vscodeLm' && host) return { provider: new HostLmProvider(host) };
    const openAiApiKey = values.llmProvider === 'openaiCompatible' && host ? ((await host.request(HostSecretRequest, { name: 'openAiApiKey' })) ?? undefined) : undefined;
    return chatProviderFor(values, { openAiApiKey }, { onWarning: (m) => this.ports.log('warn', m) });
  }
}

function toWire(event: ChatEvent): WireChatEvent | undefined {
  switch (event.type) {
    case 'context':
      return {
        type: 'context',
        memories: event.report.memories,
        persona: event.report.persona,
        ...(event.report.editor ? { editorFile: event.report.editor.file } : {}),
      };
    case 'done':
      return { type: 'done', conversationId: event.conversationId, model: event.model };
    default:
      return event;
  }
}
