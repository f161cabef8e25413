import type { ChatChunk, ChatRequest, ModelInfo, ModelProvider, ProviderHealth } from '../../../../src/core/llm/modelProvider';

/** One scripted reply: its pieces in order, or an error thrown after `after` pieces. */
export interface ScriptedReply {
  chunks: string[];
  usage?: { promptTokens?: number; completionTokens?: number };
  fail?: { after: number; error: Error };
}

/**
 * A ModelProvider that answers from a script, one reply per call, and keeps every request, so
 * tests see exactly what the pipeline sent and control what comes back, piece by piece.
 */
export class ScriptedProvider implements ModelProvider {
  readonly id = 'scripted';
  readonly label = 'Scripted test provider';
  readonly requests: ChatRequest[] = [];

  constructor(private readonly replies: ScriptedReply[]) {}

  health(): Promise<ProviderHealth> {
    return Promise.resolve({ ok: true, detail: 'scripted' });
  }

  listModels(): Promise<ModelInfo[]> {
    return Promise.resolve([{ id: 'scripted-model', contextTokens: 4096 }]);
  }

  async *chat(request: ChatRequest): AsyncGenerator<ChatChunk, void, undefined> {
    this.requests.push(request);
    const reply = this.replies.shift() ?? { chunks: ['(script exhausted)'] };
    for (const [i, text] of reply.chunks.entries()) {
      if (reply.fail && i === reply.fail.after) throw reply.fail.error;
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (request.signal?.aborted) {
        const error = new Error('aborted');
        error.name = 'AbortError';
        throw error;
      }
      yield { text, done: false };
    }
    if (reply.fail && reply.fail.after >= reply.chunks.length) throw reply.fail.error;
    yield { text: '', done: true, ...(reply.usage ? { usage: reply.usage } : {}) };
  }
}
