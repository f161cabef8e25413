/**
 * Does a prompt fit the model's context window? Ollama loads a model with a small window unless the
 * request asks for more (`options.num_ctx`), and it then drops the start of a longer prompt without
 * saying so — the persona and the memories go first. So the Ollama provider asks for the window the
 * prompt needs, up to what the model was trained for, and warns when even that is too small.
 */

/** Ollama's window when neither the Modelfile nor the request sets `num_ctx` (2048 before 0.6, 4096 after); the smaller is the safe guess. */
export const OLLAMA_DEFAULT_NUM_CTX = 2048;

/** Room kept for the answer when the request does not bound it. */
const DEFAULT_ANSWER_TOKENS = 512;

/** A warning for the person when the prompt would not fit the window, else undefined. */
export function checkContextBudget(promptTokens: number, contextTokens: number, answerTokens = DEFAULT_ANSWER_TOKENS): string | undefined {
  const needed = promptTokens + answerTokens;
  if (needed <= contextTokens) return undefined;
  return (
    `The prompt (~${promptTokens} tokens, plus ~${answerTokens} for the answer) does not fit the model's ` +
    `${contextTokens}-token context window; the model will not see the start of it. ` +
    `Pick a model with a larger context window or lower the chat's memory budget.`
  );
}

/** What `ollama show` says about a model's window. */
export interface OllamaContext {
  /** `num_ctx` set in the Modelfile, if any. */
  configured?: number;
  /** The window the model was trained for (`<arch>.context_length`), if known. */
  trained?: number;
}

/** Reads the window from `show`'s `parameters` text (`num_ctx 8192`) and `model_info` (`llama.context_length`). */
export function readOllamaContext(show: { parameters?: unknown; model_info?: unknown }): OllamaContext {
  const out: OllamaContext = {};
  if (typeof show.parameters === 'string') {
    const m = /^\s*num_ctx\s+(\d+)/m.exec(show.parameters);
    if (m) out.configured = Number(m[1]);
  }
  const info = show.model_info;
  if (info && typeof info === 'object') {
    const entries = info instanceof Map ? [...(info as Map<string, unknown>).entries()] : Object.entries(info);
    for (const [key, value] of entries) {
      if (key.endsWith('.context_length') && typeof value === 'number' && value > 0) out.trained = value;
    }
  }
  return out;
}

/** The largest window the provider can ask for. */
export function usableContext(ctx: OllamaContext): number {
  return ctx.trained ?? ctx.configured ?? OLLAMA_DEFAULT_NUM_CTX;
}

/**
 * The `num_ctx` to send: undefined when the model's own window already holds the prompt, else the
 * next power of two that holds it (KV-cache memory grows with it), never above the trained window.
 */
export function chooseNumCtx(neededTokens: number, ctx: OllamaContext): number | undefined {
  const current = ctx.configured ?? OLLAMA_DEFAULT_NUM_CTX;
  if (neededTokens <= current) return undefined;
  let size = 2048;
  while (size < neededTokens) size *= 2;
  return Math.min(size, usableContext(ctx));
}
