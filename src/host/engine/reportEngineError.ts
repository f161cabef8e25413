import * as vscode from 'vscode';

/** Shows an engine problem with the two ways forward: restart it, or read the log. */
export async function reportEngineError(message: string, log: vscode.LogOutputChannel): Promise<void> {
  log.error(message);
  const choice = await vscode.window.showErrorMessage(`MetaHuman: ${message}`, 'Restart Engine', 'Show Log');
  if (choice === 'Restart Engine') await vscode.commands.executeCommand('metahuman.restartEngine');
  if (choice === 'Show Log') log.show(true);
}
