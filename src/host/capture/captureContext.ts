import * as vscode from 'vscode';
import type { CaptureEvent, CaptureWorkspace } from '../../core/capture/captureEvent';

/** Where a URI sits: its workspace folder and its path inside it (`/` separators). */
export interface Located {
  workspace: CaptureWorkspace;
  file: string;
}

/** What every adapter needs: locate a URI, stamp the time, hand an event over. */
export interface CaptureContext {
  locate(uri: vscode.Uri): Located | undefined;
  /** The first workspace folder, for events that belong to the window rather than a file. */
  windowWorkspace(): CaptureWorkspace | undefined;
  now(): string;
  emit(event: CaptureEvent): void;
}

/** Only files on disk inside an open workspace folder are captured; output panes, diffs, untitled are not. */
export function createCaptureContext(emit: (event: CaptureEvent) => void): CaptureContext {
  const workspaceOf = (folder: vscode.WorkspaceFolder): CaptureWorkspace => ({ folder: folder.uri.fsPath, name: folder.name });
  return {
    locate(uri) {
      if (uri.scheme !== 'file') return undefined;
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      if (!folder) return undefined;
      const file = uri.path.slice(folder.uri.path.replace(/\/$/, '').length + 1);
      return file ? { workspace: workspaceOf(folder), file } : undefined;
    },
    windowWorkspace() {
      const folder = vscode.workspace.workspaceFolders?.[0];
      return folder ? workspaceOf(folder) : undefined;
    },
    now: () => new Date().toISOString(),
    emit,
  };
}
