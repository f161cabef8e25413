/**
 * Any server that speaks OpenAI's chat-completions API (LM Studio, llama.cpp's server, vLLM):
 * `POST /v1/chat/completions` streamed as SSE, `GET /v1/models`, `POST /v1/embeddings`.
 * The API key comes from the host (VS Code SecretStorage); it is sent only as the bearer header and
 * never appears in a message, a log line or the label, even when a server echoes it back.
 */
import type { ChatChunk, ChatRequest, ModelInfo, ModelProvider, ProviderHealth } from '../modelProvider';
import { ModelProviderError } from '../modelProvider';
import { abortError, brief, displayUrl, HEALTH_TIMEOUT_MS, healthSignal, isAbortError, isConnectionFailure, redact } from './providerErrors';
import { sseData } from './sseStream';

export interface OpenAiCompatibleOptions {
  /** e.g. `http://127.0.0.1:1234/v1` (LM Studio) or `http://127.0.0.1:8080` (llama.cpp); `/v1` is added when missing. */
  baseUrl: string;
  /** Default model; when empty, the first model the server lists (most local servers serve one). */
  model?: string;
  embeddingModel?: string;
  apiKey?: string;
  /** How long `health` waits for an answer (default 5 s). */
  healthTimeoutMs?: number;
  /** For tests; global fetch otherwise. */
  fetch?: typeof fetch;
}

const PROVIDER = 'openai-compatible';

interface StreamEvent {
  choices?: Array<{ delta?: { content?: string | null }; finish_reason?: string | null }>;
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
  error?: { message?: string } | string;
}

export class OpenAiCompatibleProvider implements ModelProvider {
  readonly id = PROVIDER;
  readonly label: string;
  private readonly root: string;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: OpenAiCompatibleOptions) {
    const trimmed = options.baseUrl.trim().replace(/\/+$/, '');
    this.root = !trimmed || /\/v\d+$/.test(trimmed) ? trimmed : `${trimmed}/v1`;
    this.fetch = options.fetch ?? fetch;
    this.label = `OpenAI-compatible (${this.root ? displayUrl(this.root) : 'no URL set'})`;
  }

  async health(signal?: AbortSignal): Promise<ProviderHealth> {
    try {
      const models = await this.listModels(healthSignal(signal, this.options.healthTimeoutMs));
      const model = this.options.model || models[0]?.id;
      if (!model) return { ok: false, reason: `The server at ${displayUrl(this.root)} lists no models — load one in it, or set \`metahuman.llm.openai.model\`.` };
      return { ok: true, detail: `${displayUrl(this.root)} with ${models.length} model(s); chat uses ${model}.` };
    } catch (err) {
      if (signal?.aborted) throw abortError(signal);
      if (isAbortError(err)) return { ok: false, reason: `The server at ${displayUrl(this.root)} did not answer within ${(this.options.healthTimeoutMs ?? HEALTH_TIMEOUT_MS) / 1000} s.` };
      return { ok: false, reason: err instanceof Error ? err.message : String(err) };
    }
  }

  async listModels(signal?: AbortSignal): Promise<ModelInfo[]> {
    const res = await this.request('GET', '/models', undefined, signal);
    const body = await this.json<{ data?: Array<{ id?: unknown; context_length?: unknown; max_model_len?: unknown }> }>(res);
    if (!Array.isArray(body.data)) throw this.badResponse('GET /models did not return a `data` list');
    return body.data
      .filter((m) => typeof m.id === 'string')
      .map((m) => {
        // vLLM says `max_model_len`, LM Studio and others `context_length`; the OpenAI spec says neither.
        const ctx = typeof m.max_model_len === 'number' ? m.max_model_len : typeof m.context_length === 'number' ? m.context_length : undefined;
        return ctx ? { id: m.id as string, contextTokens: ctx } : { id: m.id as string };
      });
  }

  async *chat(request: ChatRequest): AsyncGenerator<ChatChunk, void, undefined> {
    const { signal } = request;
    if (signal?.aborted) throw abortError(signal);
    const model = request.model || this.options.model || (await this.firstModel(signal));
    const payload: Record<string, unknown> = {
      model,
      messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
      stream: true,
      ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
      ...(request.maxTokens !== undefined ? { max_tokens: request.maxTokens } : {}),
      ...(request.json ? { response_format: { type: 'json_object' } } : {}),
    };
    // Our own controller also ends the body when the consumer stops early (break/return).
    const controller = new AbortController();
    const combined = signal ? AbortSignal.any([signal, controller.signal]) : controller.signal;
    let res: Response;
    try {
      res = await this.request('POST', '/chat/completions', payload, combined, model);
    } catch (err) {
      // LM Studio accepts only `json_schema` response formats: ask again without it (the caller validates the JSON).
      if (!(request.json && err instanceof ModelProviderError && err.kind === 'bad-response' && /response_format/i.test(err.message))) throw err;
      delete payload.response_format;
      res = await this.request('POST', '/chat/completions', payload, combined, model);
    }
    if (!res.body) throw this.badResponse('the answer had no body');

    let finished = false;
    let received = false;
    let usage: ChatChunk['usage'];
    try {
      for await (const data of sseData(res.body)) {
        if (data.trim() === '[DONE]') {
          yield { text: '', done: true, ...(usage ? { usage } : {}) };
          return;
        }
        const event = this.parseEvent(data);
        if (event.error) throw this.badResponse(`the server reported: ${typeof event.error === 'string' ? event.error : (event.error.message ?? 'an error')}`);
        if (event.usage) usage = { promptTokens: event.usage.prompt_tokens, completionTokens: event.usage.completion_tokens };
        const choice = event.choices?.[0];
        const text = choice?.delta?.content ?? '';
        if (text) {
          received = true;
          yield { text, done: false };
        }
        if (choice?.finish_reason) finished = true;
      }
    } catch (err) {
      if (signal?.aborted) throw abortError(signal);
      if (err instanceof ModelProviderError) throw err;
      throw this.cutOff(received);
    } finally {
      controller.abort();
    }
    // Some servers close after the last `finish_reason` without `[DONE]`: the answer is whole.
    if (finished) {
      yield { text: '', done: true, ...(usage ? { usage } : {}) };
      return;
    }
    throw this.cutOff(received);
  }

  async embed(texts: string[], model?: string, signal?: AbortSignal): Promise<Float32Array[]> {
    const name = model || this.options.embeddingModel || this.options.model || (await this.firstModel(signal));
    const res = await this.request('POST', '/embeddings', { model: name, input: texts }, signal, name);
    const body = await this.json<{ data?: Array<{ embedding?: unknown; index?: number }> }>(res);
    const data = body.data;
    if (!Array.isArray(data) || data.length !== texts.length || !data.every((d) => Array.isArray(d.embedding))) {
      throw this.badResponse(`POST /embeddings returned ${Array.isArray(data) ? data.length : 0} embeddings for ${texts.length} texts`);
    }
    const ordered = [...data].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
    return ordered.map((d) => Float32Array.from(d.embedding as number[]));
  }

  private async firstModel(signal: AbortSignal | undefined): Promise<string> {
    const first = (await this.listModels(signal))[0]?.id;
    if (!first) throw new ModelProviderError(`The server at ${displayUrl(this.root)} lists no models — load one in it, or set \`metahuman.llm.openai.model\`.`, PROVIDER, 'unknown-model');
    return first;
  }

  /** One HTTP call with the error mapping every endpoint shares; resolves only on a 2xx. */
  private async request(method: 'GET' | 'POST', path: string, body: unknown, signal: AbortSignal | undefined, model?: string): Promise<Response> {
    if (!this.root) {
      throw new ModelProviderError('No server URL is set for the OpenAI-compatible provider — set `metahuman.llm.openai.baseUrl` (e.g. http://127.0.0.1:1234/v1 for LM Studio).', PROVIDER, 'unreachable');
    }
    const headers: Record<string, string> = { accept: method === 'POST' && path === '/chat/completions' ? 'text/event-stream' : 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.options.apiKey) headers.authorization = `Bearer ${this.options.apiKey}`;
    let res: Response;
    try {
      res = await this.fetch(`${this.root}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
    } catch (err) {
      if (signal?.aborted || isAbortError(err)) throw abortError(signal);
      if (isConnectionFailure(err)) {
        throw new ModelProviderError(`Nothing answers at ${displayUrl(this.root)} — start the server (LM Studio, llama.cpp, vLLM) or fix \`metahuman.llm.openai.baseUrl\`.`, PROVIDER, 'unreachable');
      }
      throw this.badResponse(`the request failed (${this.clean(err instanceof Error ? err.message : String(err))})`);
    }
    if (res.ok) return res;
    const detail = this.clean(await res.text().catch(() => ''));
    if (res.status === 401 || res.status === 403) {
      const hint = this.options.apiKey ? 'the API key was refused — set a valid one with "MetaHuman: Set API Key for OpenAI-Compatible Endpoint"' : 'it needs an API key — set one with "MetaHuman: Set API Key for OpenAI-Compatible Endpoint"';
      throw new ModelProviderError(`The server at ${displayUrl(this.root)} answered HTTP ${res.status}: ${hint}.`, PROVIDER, 'auth');
    }
    if (model && (res.status === 404 || (/model/i.test(detail) && /not (found|exist)|does not exist|unknown/i.test(detail)))) {
      throw new ModelProviderError(`The server at ${displayUrl(this.root)} has no model "${model}" — load it there or pick one it lists.`, PROVIDER, 'unknown-model');
    }
    throw this.badResponse(`${method} ${path} answered HTTP ${res.status}${detail ? `: ${detail}` : ''}`);
  }

  private async json<T>(res: Response): Promise<T> {
    try {
      return (await res.json()) as T;
    } catch {
      throw this.badResponse('the answer was not JSON');
    }
  }

  private parseEvent(data: string): StreamEvent {
    try {
      const event = JSON.parse(data) as unknown;
      if (event && typeof event === 'object') return event;
    } catch {
      // fall through
    }
    throw this.badResponse(`the stream held something that is not an SSE JSON event (${this.clean(data, 80)})`);
  }

  /** Server text fit for a message: short, one line, and never the key (some servers echo the bad key). */
  private clean(text: string, max?: number): string {
    return brief(redact(text, [this.options.apiKey]), max);
  }

  private badResponse(what: string): ModelProviderError {
    return new ModelProviderError(`Unexpected answer from ${displayUrl(this.root)}: ${what}.`, PROVIDER, 'bad-response');
  }

  private cutOff(received: boolean): ModelProviderError {
    return new ModelProviderError(
      `The connection to ${displayUrl(this.root)} dropped ${received ? 'mid-answer, so the answer was cut off' : 'before the answer began'} — check the server and ask again.`,
      PROVIDER,
      'disconnected',
    );
  }
}
