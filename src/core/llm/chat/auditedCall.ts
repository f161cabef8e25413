import type { AuditLog } from '../../audit/auditLog';
import { redactSecrets } from '../../audit/auditEntry';
import type { ChatChunk, ChatRequest, ModelProvider } from '../modelProvider';
import type { ChatUsage } from './chatTypes';
import { estimateMessagesTokens, estimateTokens } from '../tokenEstimate';

export interface CallOutcome {
  text: string;
  usage: ChatUsage;
  stopped: boolean;
}

/**
 * Streams one model call and records it in the audit as `model_call` (provider, model, role,
 * token counts, duration, outcome) however it ends: finished, stopped or failed. The prompt and
 * the answer are never recorded, and error messages are redacted. Stopping (an AbortError, or
 * the signal firing) ends the stream quietly with `stopped`; other errors are rethrown.
 */
export async function* auditedCall(
  provider: ModelProvider,
  request: ChatRequest,
  audit: Pick<AuditLog, 'record'>,
  labels: { model: string; role: string },
): AsyncGenerator<ChatChunk, CallOutcome, undefined> {
  const started = performance.now();
  let text = '';
  let reported: ChatChunk['usage'];
  let stopped = false;
  let failure: Error | undefined;
  try {
    for await (const chunk of provider.chat(request)) {
      if (request.signal?.aborted) {
        stopped = true;
        break;
      }
      if (chunk.usage) reported = chunk.usage;
      if (chunk.text) {
        text += chunk.text;
        yield chunk;
      }
      if (chunk.done) break;
    }
  } catch (error) {
    if (request.signal?.aborted || (error instanceof Error && error.name === 'AbortError')) stopped = true;
    else failure = error instanceof Error ? error : new Error(typeof error === 'string' ? error : 'The model call failed.');
  }
  const usage: ChatUsage = {
    promptTokens: reported?.promptTokens ?? estimateMessagesTokens(request.messages),
    completionTokens: reported?.completionTokens ?? estimateTokens(text),
    estimated: reported?.promptTokens === undefined || reported.completionTokens === undefined,
  };
  const error = failure !== undefined ? redactSecrets(failure.message) : stopped ? 'stopped by the person' : undefined;
  await audit.record({
    type: 'model_call',
    provider: provider.id,
    model: labels.model,
    role: labels.role,
    inputTokens: usage.promptTokens,
    outputTokens: usage.completionTokens,
    durationMs: Math.round(performance.now() - started),
    ok: error === undefined,
    ...(error !== undefined ? { error } : {}),
  });
  if (failure !== undefined) throw failure;
  return { text, usage, stopped };
}
