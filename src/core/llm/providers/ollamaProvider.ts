/**
 * Ollama through the `ollama` package: streamed NDJSON chat, `/api/tags` for models, `/api/show`
 * for each model's context window, `/api/embed`. Every failure becomes a ModelProviderError that
 * says what to do (start Ollama, pull the model, retry a cut-off answer).
 */
import { Ollama } from 'ollama';
import type { ChatRequest, ChatChunk, ModelInfo, ModelProvider, ProviderHealth } from '../modelProvider';
import { ModelProviderError } from '../modelProvider';
import type { OllamaContext } from './contextBudget';
import { estimateMessagesTokens } from '../tokenEstimate';
import { checkContextBudget, chooseNumCtx, readOllamaContext, usableContext } from './contextBudget';
import { abortError, brief, displayUrl, HEALTH_TIMEOUT_MS, healthSignal, isAbortError, isConnectionFailure } from './providerErrors';

export interface OllamaProviderOptions {
  /** e.g. `http://127.0.0.1:11434`. */
  host: string;
  /** Default chat model when the request names none. */
  model: string;
  /** Default embedding model. */
  embeddingModel?: string;
  /** Told when a prompt will not fit the model's window (the chat shows it; Ollama would truncate silently). */
  onWarning?: (message: string) => void;
  /** How long `health` waits for an answer (default 5 s). */
  healthTimeoutMs?: number;
  /** For tests; global fetch otherwise. */
  fetch?: typeof fetch;
}

const PROVIDER = 'ollama';
/** `show` reads a local file on the server; past this it is stuck, and chat goes on without the window check. */
const SHOW_TIMEOUT_MS = 10_000;

export class OllamaProvider implements ModelProvider {
  readonly id = PROVIDER;
  readonly label: string;
  private readonly host: string;
  private readonly contexts = new Map<string, Promise<OllamaContext>>();

  constructor(private readonly options: OllamaProviderOptions) {
    this.host = options.host.replace(/\/+$/, '');
    this.label = `Ollama (${displayUrl(this.host)})`;
  }

  async health(signal?: AbortSignal): Promise<ProviderHealth> {
    try {
      const models = await this.client(healthSignal(signal, this.options.healthTimeoutMs)).list();
      const names = models.models.map((m) => m.name);
      const model = this.options.model;
      if (model && !names.some((n) => sameModel(n, model))) {
        return { ok: false, reason: this.unknownModel(model).message };
      }
      return { ok: true, detail: `Ollama at ${displayUrl(this.host)} with ${names.length} model(s); chat uses ${model || 'no model yet'}.` };
    } catch (err) {
      if (signal?.aborted) throw abortError(signal);
      if (isAbortError(err)) return { ok: false, reason: `Ollama at ${displayUrl(this.host)} did not answer within ${(this.options.healthTimeoutMs ?? HEALTH_TIMEOUT_MS) / 1000} s — is it busy loading a model, or stuck?` };
      return { ok: false, reason: this.toProviderError(err, this.options.model).message };
    }
  }

  async listModels(signal?: AbortSignal): Promise<ModelInfo[]> {
    let names: string[];
    try {
      names = (await this.client(signal).list()).models.map((m) => m.name);
    } catch (err) {
      throw this.toProviderError(err, undefined);
    }
    return Promise.all(
      names.map(async (id) => {
        const ctx = await this.contextOf(id, signal).catch(() => undefined);
        return ctx ? { id, contextTokens: usableContext(ctx) } : { id };
      }),
    );
  }

  /**
   * The model's window as `show` reports it, cached (it only changes when the model is re-created).
   * The shared lookup does not follow any one caller's signal, so one caller stopping never fails
   * another; each caller stops waiting when its own signal aborts.
   */
  contextOf(model: string, signal?: AbortSignal): Promise<OllamaContext> {
    let ctx = this.contexts.get(model);
    if (!ctx) {
      ctx = this.client(AbortSignal.timeout(SHOW_TIMEOUT_MS))
        .show({ model })
        .then((show) => readOllamaContext(show));
      this.contexts.set(model, ctx);
      ctx.catch(() => this.contexts.delete(model));
    }
    return untilAborted(ctx, signal);
  }

  async *chat(request: ChatRequest): AsyncGenerator<ChatChunk, void, undefined> {
    const model = request.model || this.options.model;
    if (!model) throw new ModelProviderError('No Ollama model is chosen — set `metahuman.llm.ollama.model` (see `ollama list`).', PROVIDER, 'unknown-model');
    const { signal } = request;
    if (signal?.aborted) throw abortError(signal);

    let stream: AsyncIterable<{ message?: { content?: string }; done?: boolean; prompt_eval_count?: number; eval_count?: number }> & { abort(): void };
    try {
      const numCtx = await this.numCtxFor(request, model);
      stream = await this.client(signal).chat({
        model,
        messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
        stream: true,
        ...(request.json ? { format: 'json' } : {}),
        options: {
          ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
          ...(request.maxTokens !== undefined ? { num_predict: request.maxTokens } : {}),
          ...(numCtx !== undefined ? { num_ctx: numCtx } : {}),
        },
      });
    } catch (err) {
      if (signal?.aborted) throw abortError(signal);
      throw this.toProviderError(err, model);
    }

    const onAbort = () => stream.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    let received = false;
    let finished = false;
    try {
      for await (const part of stream) {
        const text = part.message?.content ?? '';
        if (part.done) {
          finished = true;
          yield { text, done: true, usage: { promptTokens: part.prompt_eval_count, completionTokens: part.eval_count } };
          return;
        }
        received ||= text.length > 0;
        if (text) yield { text, done: false };
      }
    } catch (err) {
      if (signal?.aborted) throw abortError(signal);
      throw this.midStreamError(err, model, received);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      // A consumer that stops reading early must not leave the model generating for nobody.
      if (!finished) stream.abort();
    }
  }

  async embed(texts: string[], model?: string, signal?: AbortSignal): Promise<Float32Array[]> {
    const name = model || this.options.embeddingModel || this.options.model;
    try {
      const res = await this.client(signal).embed({ model: name, input: texts });
      if (!Array.isArray(res.embeddings) || res.embeddings.length !== texts.length) {
        throw new ModelProviderError(`Ollama returned ${res.embeddings?.length ?? 0} embeddings for ${texts.length} texts from ${name}.`, PROVIDER, 'bad-response');
      }
      return res.embeddings.map((e) => Float32Array.from(e));
    } catch (err) {
      if (err instanceof ModelProviderError) throw err;
      throw this.toProviderError(err, name);
    }
  }

  /** Asks for a larger window when the prompt needs one; warns when the model cannot hold it at all. */
  private async numCtxFor(request: ChatRequest, model: string): Promise<number | undefined> {
    let ctx: OllamaContext;
    try {
      ctx = await this.contextOf(model, request.signal);
    } catch (err) {
      // Not running, unknown model, aborted: the chat would fail the same way, so say so now.
      // Anything else (an older server's odd `show`) only costs the window check.
      if (isAbortError(err) || isConnectionFailure(err) || (err as { status_code?: unknown }).status_code === 404) throw err;
      return undefined;
    }
    const prompt = estimateMessagesTokens(request.messages);
    const answer = request.maxTokens ?? 512;
    const warning = checkContextBudget(prompt, usableContext(ctx), answer);
    if (warning) this.options.onWarning?.(warning);
    return chooseNumCtx(prompt + answer, ctx);
  }

  /** A client whose every request (list, show, embed too, which the package cannot cancel) follows `signal`. */
  private client(signal: AbortSignal | undefined): Ollama {
    const base = this.options.fetch ?? fetch;
    const bound: typeof fetch = signal ? (input, init) => base(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal }) : base;
    return new Ollama({ host: this.host, fetch: bound });
  }

  private unknownModel(model: string): ModelProviderError {
    return new ModelProviderError(`Ollama at ${displayUrl(this.host)} has no model "${model}" — run \`ollama pull ${model}\` or pick another model.`, PROVIDER, 'unknown-model');
  }

  private toProviderError(err: unknown, model: string | undefined): Error {
    if (err instanceof ModelProviderError || isAbortError(err)) return err as Error;
    if (isConnectionFailure(err)) {
      return new ModelProviderError(`Ollama is not running at ${displayUrl(this.host)} — start it with \`ollama serve\` or pick another provider.`, PROVIDER, 'unreachable');
    }
    const status = (err as { status_code?: unknown }).status_code;
    const text = err instanceof Error ? err.message : String(err);
    if (model && (status === 404 || /model .*not found/i.test(text))) return this.unknownModel(model);
    return new ModelProviderError(`Ollama at ${displayUrl(this.host)} answered with an error${typeof status === 'number' ? ` (HTTP ${status})` : ''}: ${brief(text)}`, PROVIDER, 'bad-response');
  }

  private midStreamError(err: unknown, model: string, received: boolean): Error {
    const text = err instanceof Error ? err.message : '';
    // The package skips lines that are not JSON and re-throws an `{"error": …}` line as a plain
    // Error; anything else (socket closed, no `done` line) is the connection going away.
    const serverSaid = text && !/terminated|socket|Did not receive done|other side closed|aborted/i.test(text);
    if (serverSaid && !isConnectionFailure(err)) return this.toProviderError(err, model);
    return new ModelProviderError(
      `The connection to Ollama at ${displayUrl(this.host)} dropped ${received ? 'mid-answer, so the answer was cut off' : 'before the answer began'} — check that Ollama is still running and ask again.`,
      PROVIDER,
      'disconnected',
    );
  }
}

/** `llama3` and `llama3:latest` are the same model to Ollama. */
function sameModel(a: string, b: string): boolean {
  const norm = (s: string) => (s.includes(':') ? s : `${s}:latest`);
  return norm(a) === norm(b);
}

/** `promise`, or an AbortError as soon as `signal` aborts (the promise itself runs on). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(abortError(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (err: Error) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}
