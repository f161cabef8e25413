import * as vscode from 'vscode';
import { MemoryGetRequest, type MemoryRecordView } from '../../protocol/memoryProtocol';
import type { EngineHost } from '../engine/engineHost';

export const MEMORY_SCHEME = 'metahuman-memory';

/** A memory as a read-only markdown document (citations in chat open these). */
export function renderMemoryDocument(record: MemoryRecordView | null, id: string): string {
  if (!record) return `# Memory ${id}\n\nThis memory no longer exists (it was forgotten, or belongs to another profile).\n`;
  const lines = [
    `# ${record.kind} · ${new Date(record.ts).toLocaleString()}`,
    '',
    record.text,
    '',
    '---',
    `- id: \`${record.id}\``,
    `- source: ${record.source}${record.project ? ` · project ${record.project}` : ''}`,
  ];
  if (record.tags.length) lines.push(`- tags: ${record.tags.join(', ')}`);
  if (record.validated !== undefined) lines.push(`- ${record.validated ? 'confirmed by you' : 'marked wrong by you'}`);
  for (const link of record.links) lines.push(`- ${link.rel}: [${link.id}](${MEMORY_SCHEME}:/${link.id}.md)`);
  return `${lines.join('\n')}\n`;
}

/** `metahuman-memory:/<id>.md` documents and the "Open Memory" command. */
export function registerMemoryDocuments(engine: EngineHost): vscode.Disposable[] {
  const provider: vscode.TextDocumentContentProvider = {
    async provideTextDocumentContent(uri) {
      const id = uri.path.replace(/^\//, '').replace(/\.md$/, '');
      return renderMemoryDocument(await engine.request(MemoryGetRequest, { id }), id);
    },
  };
  return [
    vscode.workspace.registerTextDocumentContentProvider(MEMORY_SCHEME, provider),
    vscode.commands.registerCommand('metahuman.openMemory', async (id?: string) => {
      // From the palette (no id): the Memory panel; with an id (chat citations): the memory as a document.
      if (typeof id !== 'string' || !id) return vscode.commands.executeCommand('metahuman.showMemoryPanel');
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(`${MEMORY_SCHEME}:/${id}.md`));
      await vscode.window.showTextDocument(doc, { preview: true, preserveFocus: false });
      return doc.getText();
    }),
  ];
}
