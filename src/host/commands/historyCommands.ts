import * as vscode from 'vscode';
import { CaptureImportGitRequest } from '../../protocol/captureProtocol';
import { MemoryStatsRequest } from '../../protocol/memoryProtocol';
import type { EngineHost } from '../engine/engineHost';
import { reportEngineError } from '../engine/reportEngineError';

export interface ImportReport {
  events: number;
  sessions: number;
  filtered: number;
  skipped: number;
}

/**
 * "Import This Repository's History": fills an empty twin from the workspace's git log, through the
 * same session logic as live capture, so a newcomer can try it at once.
 */
export function registerHistoryCommands(engine: EngineHost, log: vscode.LogOutputChannel): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('metahuman.importRepositoryHistory', async (folderPath?: string): Promise<ImportReport | undefined> => {
      const folder = folderPath
        ? vscode.workspace.workspaceFolders?.find((f) => f.uri.fsPath === folderPath)
        : await pickFolder();
      if (!folder) return undefined;
      try {
        const report = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: `MetaHuman: importing the history of ${folder.name}…` },
          () => engine.request(CaptureImportGitRequest, { folder: folder.uri.fsPath, project: folder.name }, { timeoutMs: 600_000 }),
        );
        void refreshMemoryEmpty(engine);
        void vscode.window.showInformationMessage(
          `MetaHuman remembered ${report.events} commits of ${folder.name} in ${report.sessions} sessions${report.filtered ? ` (${report.filtered} left out by your privacy settings)` : ''}.`,
        );
        return report;
      } catch (error) {
        void reportEngineError(error instanceof Error ? error.message : String(error), log);
        return undefined;
      }
    }),
  ];
}

async function pickFolder(): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length <= 1) {
    if (!folders[0]) void vscode.window.showWarningMessage('Open a folder with a git repository first.');
    return folders[0];
  }
  return vscode.window.showWorkspaceFolderPick({ placeHolder: 'Which repository should MetaHuman learn from?' });
}

/** Sets `metahuman.memoryEmpty`, which shows the walkthrough's import step only to an empty twin. */
export async function refreshMemoryEmpty(engine: EngineHost): Promise<void> {
  try {
    const stats = await engine.request(MemoryStatsRequest, {});
    const total = Object.values(stats.byKind).reduce((n, c) => n + c, 0);
    await vscode.commands.executeCommand('setContext', 'metahuman.memoryEmpty', total === 0);
  } catch {
    // The walkthrough just keeps showing the step.
  }
}
