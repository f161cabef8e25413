import * as vscode from 'vscode';
import { MemorySearchRequest } from '../../protocol/memoryProtocol';
import type { EngineHost } from '../engine/engineHost';

export const MEMORY_TOOL = 'metahuman_searchMemory';

interface MemoryToolInput {
  query: string;
  k?: number;
}

/**
 * `metahuman_searchMemory` for the agent modes of other assistants: they may query the twin's
 * memory, after the confirmation VS Code shows. Results are plain text with ids and dates.
 */
export function registerMemorySearchTool(engine: EngineHost): vscode.Disposable[] {
  // Feature-detected: the tools API is not in every editor that runs extensions.
  const lm = vscode.lm as Partial<typeof vscode.lm> | undefined;
  if (!lm?.registerTool) return [];
  return [
    lm.registerTool<MemoryToolInput>(MEMORY_TOOL, {
      prepareInvocation: (options) => ({
        invocationMessage: `Searching your MetaHuman memories for "${options.input.query}"`,
        confirmationMessages: {
          title: 'Search your MetaHuman memories?',
          message: new vscode.MarkdownString(`An assistant wants to read memories matching **${options.input.query.replace(/[*_`[\]]/g, '')}** from your twin.`),
        },
      }),
      async invoke(options) {
        const { query, k } = options.input;
        const result = await engine.request(MemorySearchRequest, { query, k: Math.min(Math.max(k ?? 8, 1), 30) });
        const lines = result.hits.map((h) => `- [${h.id}] ${h.ts.slice(0, 16).replace('T', ' ')} (${h.kind}${h.project ? `, ${h.project}` : ''}): ${h.text.replace(/\s+/g, ' ').slice(0, 400)}`);
        const text = lines.length > 0 ? `${lines.length} memories for "${query}"${result.time ? ` (${result.time})` : ''}:\n${lines.join('\n')}` : `No memories match "${query}".`;
        return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(text)]);
      },
    }),
  ];
}
