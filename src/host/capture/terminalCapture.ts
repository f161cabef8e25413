import * as vscode from 'vscode';
import type { CaptureContext } from './captureContext';

/** Command lines and exit codes through terminal shell integration (VS Code 1.93+), where the shell has it. */
export function captureTerminal(ctx: CaptureContext): vscode.Disposable[] {
  // Feature-detected: older hosts and some remote setups lack the event.
  const onEnd = (vscode.window as Partial<typeof vscode.window>).onDidEndTerminalShellExecution;
  if (!onEnd) return [];
  return [
    onEnd((e) => {
      const commandLine = e.execution.commandLine.value.trim();
      if (!commandLine) return;
      const cwd = e.execution.cwd;
      const at = cwd ? ctx.locate(cwd) : undefined;
      const workspace = at?.workspace ?? ctx.windowWorkspace();
      if (!workspace) return;
      ctx.emit({
        type: 'terminal/command',
        ts: ctx.now(),
        workspace,
        commandLine: commandLine.slice(0, 16_384),
        ...(e.exitCode !== undefined ? { exitCode: e.exitCode } : {}),
        ...(cwd?.scheme === 'file' ? { cwd: cwd.fsPath } : {}),
      });
    }),
  ];
}
