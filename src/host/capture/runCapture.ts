import * as vscode from 'vscode';
import type { CaptureOutcome } from '../../core/capture/captureEvent';
import type { CaptureContext } from './captureContext';

/** Debug sessions and tasks, started and ended, with their outcome. */
export function captureRuns(ctx: CaptureContext): vscode.Disposable[] {
  const workspaceOf = (folder: vscode.WorkspaceFolder | vscode.TaskScope | undefined) =>
    folder && typeof folder === 'object' ? { folder: folder.uri.fsPath, name: folder.name } : ctx.windowWorkspace();
  const taskOutcome = (exitCode: number | undefined): CaptureOutcome => (exitCode === undefined ? 'unknown' : exitCode === 0 ? 'success' : 'failure');
  return [
    vscode.debug.onDidStartDebugSession((s) => {
      const workspace = workspaceOf(s.workspaceFolder);
      if (workspace) ctx.emit({ type: 'debug/started', ts: ctx.now(), workspace, name: s.name, kind: s.type });
    }),
    vscode.debug.onDidTerminateDebugSession((s) => {
      const workspace = workspaceOf(s.workspaceFolder);
      if (workspace) ctx.emit({ type: 'debug/ended', ts: ctx.now(), workspace, name: s.name, kind: s.type, outcome: 'unknown' });
    }),
    vscode.tasks.onDidStartTaskProcess((e) => {
      const task = e.execution.task;
      const workspace = workspaceOf(task.scope);
      if (workspace) ctx.emit({ type: 'task/started', ts: ctx.now(), workspace, name: task.name, kind: task.source });
    }),
    vscode.tasks.onDidEndTaskProcess((e) => {
      const task = e.execution.task;
      const workspace = workspaceOf(task.scope);
      if (workspace) {
        ctx.emit({
          type: 'task/ended',
          ts: ctx.now(),
          workspace,
          name: task.name,
          kind: task.source,
          outcome: taskOutcome(e.exitCode),
          ...(e.exitCode !== undefined ? { exitCode: e.exitCode } : {}),
        });
      }
    }),
  ];
}

/** The window gaining and losing focus, to measure active time. */
export function captureFocus(ctx: CaptureContext): vscode.Disposable[] {
  return [
    vscode.window.onDidChangeWindowState((state) => {
      const workspace = ctx.windowWorkspace();
      if (workspace) ctx.emit({ type: state.focused ? 'focus/gained' : 'focus/lost', ts: ctx.now(), workspace });
    }),
  ];
}
