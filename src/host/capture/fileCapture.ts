import * as vscode from 'vscode';
import type { CaptureContext } from './captureContext';

/** Lines a content change adds and removes, from its range and text alone (never reading the file). */
export function changedLines(change: { range: vscode.Range; text: string }): { added: number; removed: number } {
  let newlines = 0;
  for (let i = change.text.indexOf('\n'); i !== -1; i = change.text.indexOf('\n', i + 1)) newlines++;
  const removed = change.range.end.line - change.range.start.line;
  // Typing within a line is a one-line change: count it as one line touched.
  return { added: newlines || (removed === 0 && change.text.length > 0 ? 1 : 0), removed };
}

export interface FileCaptureHandlers {
  onOpen(doc: vscode.TextDocument): void;
  onChange(e: vscode.TextDocumentChangeEvent): void;
  onSave(doc: vscode.TextDocument): void;
  onCreate(e: vscode.FileCreateEvent): void;
  onRename(e: vscode.FileRenameEvent): void;
  onDelete(e: vscode.FileDeleteEvent): void;
}

/** The handlers on their own, so the host benchmark can time exactly what runs per editor event. */
export function fileCaptureHandlers(ctx: CaptureContext): FileCaptureHandlers {
  return {
    onOpen(doc) {
      const at = ctx.locate(doc.uri);
      if (at) ctx.emit({ type: 'file/opened', ts: ctx.now(), ...at, languageId: doc.languageId });
    },
    onChange(e) {
      if (e.contentChanges.length === 0) return;
      const at = ctx.locate(e.document.uri);
      if (!at) return;
      let linesAdded = 0;
      let linesRemoved = 0;
      for (const change of e.contentChanges) {
        const lines = changedLines(change);
        linesAdded += lines.added;
        linesRemoved += lines.removed;
      }
      ctx.emit({ type: 'file/edited', ts: ctx.now(), ...at, linesAdded, linesRemoved, languageId: e.document.languageId });
    },
    onSave(doc) {
      const at = ctx.locate(doc.uri);
      if (at) ctx.emit({ type: 'file/saved', ts: ctx.now(), ...at });
    },
    onCreate(e) {
      for (const uri of e.files) {
        const at = ctx.locate(uri);
        if (at) ctx.emit({ type: 'file/created', ts: ctx.now(), ...at });
      }
    },
    onRename(e) {
      for (const { oldUri, newUri } of e.files) {
        const to = ctx.locate(newUri);
        const from = ctx.locate(oldUri);
        if (to) ctx.emit({ type: 'file/renamed', ts: ctx.now(), ...to, oldFile: from?.file ?? oldUri.fsPath });
      }
    },
    onDelete(e) {
      for (const uri of e.files) {
        const at = ctx.locate(uri);
        if (at) ctx.emit({ type: 'file/deleted', ts: ctx.now(), ...at });
      }
    },
  };
}

/** Files opened, edited (line counts only), saved, created, renamed, deleted. */
export function captureFiles(ctx: CaptureContext): vscode.Disposable[] {
  const h = fileCaptureHandlers(ctx);
  return [
    vscode.workspace.onDidOpenTextDocument((doc) => h.onOpen(doc)),
    vscode.workspace.onDidChangeTextDocument((e) => h.onChange(e)),
    vscode.workspace.onDidSaveTextDocument((doc) => h.onSave(doc)),
    vscode.workspace.onDidCreateFiles((e) => h.onCreate(e)),
    vscode.workspace.onDidRenameFiles((e) => h.onRename(e)),
    vscode.workspace.onDidDeleteFiles((e) => h.onDelete(e)),
  ];
}
