import { Ollama } from 'ollama';
import { normalize, type Embedder } from './embedder';

/**
 * Embeddings from an Ollama server (`POST /api/embed`), when the person configured one. The
 * dimension is learnt from a first call, which also proves the server and model are there, so a
 * wrong host or a model that was never pulled is reported when the embedder is chosen, in words
 * that say what to do.
 */
export interface OllamaEmbedderOptions {
  /** e.g. http://127.0.0.1:11434 */
  host: string;
  model: string;
  /** Texts per request. */
  batchSize?: number;
  fetch?: typeof fetch;
}

export class OllamaEmbedError extends Error {
  constructor(message: string, override readonly cause?: unknown) {
    super(message);
    this.name = 'OllamaEmbedError';
  }
}

export async function createOllamaEmbedder(options: OllamaEmbedderOptions): Promise<Embedder> {
  const client = new Ollama({ host: options.host, ...(options.fetch ? { fetch: options.fetch } : {}) });
  const batchSize = options.batchSize ?? 64;
  const embed = async (texts: string[]): Promise<Float32Array[]> => {
    const out: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += batchSize) {
      const batch = texts.slice(i, i + batchSize);
      let embeddings: number[][];
      try {
        ({ embeddings } = await client.embed({ model: options.model, input: batch, truncate: true }));
      } catch (error) {
        throw explain(error, options);
      }
      if (embeddings.length !== batch.length) throw new OllamaEmbedError(`Ollama returned ${embeddings.length} embeddings for ${batch.length} texts.`);
      for (const e of embeddings) out.push(normalize(Float32Array.from(e)));
    }
    return out;
  };
  const [probe] = await embed(['dimension probe']);
  if (!probe?.length) throw new OllamaEmbedError(`Ollama model "${options.model}" at ${options.host} returned an empty embedding.`);
  return {
    id: `ollama:${options.host.replace(/\/+$/, '')}:${options.model}`,
    label: `Ollama ${options.model}`,
    dimension: probe.length,
    embed,
  };
}

function explain(error: unknown, options: OllamaEmbedderOptions): OllamaEmbedError {
  const text = error instanceof Error ? error.message : String(error);
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : '';
  if (/fetch failed|ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|network/i.test(`${text} ${cause}`)) {
    return new OllamaEmbedError(
      `Ollama is not reachable at ${options.host}${cause ? ` (${cause})` : ''}. Start it with \`ollama serve\`, or set metahuman.search.ollamaHost.`,
      error,
    );
  }
  if (/not found/i.test(text)) return new OllamaEmbedError(`Ollama at ${options.host} has no model "${options.model}": run \`ollama pull ${options.model}\`.`, error);
  return new OllamaEmbedError(`Ollama embedding with "${options.model}" at ${options.host} failed: ${text}`, error);
}
