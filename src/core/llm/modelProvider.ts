/**
 * One interface for every model source (DESIGN.md, "Models"): Ollama, an OpenAI-compatible
 * endpoint, the offline provider, and (host-side) VS Code's Language Model API.
 */

export type ChatRole = 'system' | 'user' | 'assistant';

export interface ChatMessage {
  role: ChatRole;
  content: string;
}

export interface ChatRequest {
  messages: ChatMessage[];
  /** Model id as the provider knows it; the provider's configured default when absent. */
  model?: string;
  temperature?: number;
  /** Upper bound on generated tokens. */
  maxTokens?: number;
  /** Ask for a JSON object (providers that support a JSON mode use it). */
  json?: boolean;
  signal?: AbortSignal;
}

/** One streamed piece of an answer; the last one has `done: true` and the usage, when known. */
export interface ChatChunk {
  text: string;
  done: boolean;
  usage?: { promptTokens?: number; completionTokens?: number };
}

export interface ModelInfo {
  id: string;
  /** Context window in tokens, when the provider says (Ollama: `num_ctx`). */
  contextTokens?: number;
}

/** Whether a provider can answer now, and if not, why, phrased for the person with the way forward. */
export type ProviderHealth = { ok: true; detail: string } | { ok: false; reason: string };

export interface ModelProvider {
  /** e.g. `ollama`, `openai-compatible`, `offline`, `vscode-lm`. */
  readonly id: string;
  /** Human name for pickers and the audit, never holding a secret. */
  readonly label: string;
  health(signal?: AbortSignal): Promise<ProviderHealth>;
  listModels(signal?: AbortSignal): Promise<ModelInfo[]>;
  /** Streams the answer; aborting `request.signal` ends the stream with an AbortError. */
  chat(request: ChatRequest): AsyncGenerator<ChatChunk, void, undefined>;
  /** Embeddings, for providers that have them. */
  embed?(texts: string[], model?: string, signal?: AbortSignal): Promise<Float32Array[]>;
}

/** A provider error the person can act on: what failed and what to do about it. */
export class ModelProviderError extends Error {
  constructor(
    message: string,
    readonly provider: string,
    readonly kind: 'unreachable' | 'unknown-model' | 'auth' | 'disconnected' | 'bad-response' | 'context-too-small',
  ) {
    super(message);
    this.name = 'ModelProviderError';
  }
}
