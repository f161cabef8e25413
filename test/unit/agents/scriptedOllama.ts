import type { ServerResponse } from 'node:http';
import type { ChatMessage } from '../../../src/core/llm/modelProvider';
import { OllamaProvider } from '../../../src/core/llm/providers/ollamaProvider';
import { sendJson, startServer, type LocalServer } from '../llm/providers/localServer';

export const MODEL = 'llama3.2';

/** What the model says to one request: fixed text, or text built from the prompt it was sent (to cite real ids). */
export type ScriptedAnswer = string | ((messages: ChatMessage[]) => string);

export interface ScriptedOllama {
  /** The real OllamaProvider, pointed at the local server. */
  provider: OllamaProvider;
  /** The messages of every chat request that went over the wire, in order. */
  prompts: ChatMessage[][];
  /** Every prompt's text joined, for "the prompt contained…" assertions. */
  promptText(i: number): string;
  close(): Promise<void>;
}

/**
 * A local server speaking Ollama's NDJSON protocol with scripted answers, one per chat request
 * in order (past the script: `{}`), each streamed in several pieces, so agent specs drive the
 * real OllamaProvider and can assert what was sent.
 */
export async function scriptedOllama(answers: ScriptedAnswer[]): Promise<ScriptedOllama> {
  const server: LocalServer = await startServer();
  const prompts: ChatMessage[][] = [];
  server.handle('GET /api/tags', (_req, res) => sendJson(res, 200, { models: [{ name: `${MODEL}:latest`, model: `${MODEL}:latest`, size: 1 }] }));
  server.handle('POST /api/show', (_req, res) => sendJson(res, 200, { parameters: '', model_info: { 'general.architecture': 'llama', 'llama.context_length': 131072 } }));
  server.handle('POST /api/chat', (req, res) => {
    const messages = (req.body as { messages: ChatMessage[] }).messages;
    prompts.push(messages);
    const next = answers.shift() ?? '{}';
    stream(res, typeof next === 'function' ? next(messages) : next);
  });
  return {
    provider: new OllamaProvider({ host: server.url, model: MODEL }),
    prompts,
    promptText: (i) => (prompts[i] ?? []).map((m) => m.content).join('\n'),
    close: () => server.close(),
  };
}

function stream(res: ServerResponse, text: string): void {
  res.writeHead(200, { 'content-type': 'application/x-ndjson' });
  const pieces = text.match(/[\s\S]{1,12}/g) ?? [''];
  for (const piece of pieces) res.write(`${JSON.stringify({ model: MODEL, created_at: new Date().toISOString(), message: { role: 'assistant', content: piece }, done: false })}\n`);
  res.end(`${JSON.stringify({ model: MODEL, created_at: new Date().toISOString(), message: { role: 'assistant', content: '' }, done: true, done_reason: 'stop', prompt_eval_count: 10, eval_count: pieces.length })}\n`);
}

/** The memory ids a prompt listed (`[m:<id>]` lines), in order. */
export function promptIds(messages: ChatMessage[]): string[] {
  return [...messages.map((m) => m.content).join('\n').matchAll(/^\[m:([0-9A-Z]{26})\]/gm)].map((m) => m[1]);
}
