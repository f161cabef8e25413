import * as vscode from 'vscode';
import { MemoryAddNoteRequest } from '../../protocol/memoryProtocol';
import type { EngineHost } from '../engine/engineHost';
import type { ChatViewProvider } from '../views/chatViewProvider';

/** Most editor text sent with a question: the selection, or the visible part of the file. */
const EDITOR_TEXT_MAX = 20_000;

/** "Ask About Selection", "Remember This" and "New Chat". */
export function registerChatCommands(engine: EngineHost, chatView: ChatViewProvider): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('metahuman.askAboutSelection', async (question?: string) => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) return void vscode.window.showWarningMessage('Open a file and select the code to ask about.');
      const selection = editor.selection.isEmpty ? editor.document.getText(editor.visibleRanges[0]) : editor.document.getText(editor.selection);
      const message =
        question ?? (await vscode.window.showInputBox({ title: 'MetaHuman: Ask About Selection', prompt: 'Your question about the selected code', value: 'What do I know about this code?' }));
      if (!message) return;
      await chatView.prompt({
        message,
        editorContext: { file: vscode.workspace.asRelativePath(editor.document.uri), languageId: editor.document.languageId, text: selection.slice(0, EDITOR_TEXT_MAX) },
      });
    }),
    vscode.commands.registerCommand('metahuman.rememberThis', async (text?: string): Promise<string | undefined> => {
      const editor = vscode.window.activeTextEditor;
      const selected = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection) : undefined;
      const note = text ?? selected ?? (await vscode.window.showInputBox({ title: 'MetaHuman: Remember This', prompt: 'What should your twin remember?' }));
      if (!note?.trim()) return undefined;
      const from = selected && editor ? `\n\n(from ${vscode.workspace.asRelativePath(editor.document.uri)})` : '';
      const { id } = await engine.request(MemoryAddNoteRequest, { text: `${note.trim()}${from}`, project: vscode.workspace.name });
      if (text === undefined) void vscode.window.setStatusBarMessage('$(check) MetaHuman will remember that.', 3000);
      return id;
    }),
    vscode.commands.registerCommand('metahuman.newChat', () => chatView.newChat()),
  ];
}
