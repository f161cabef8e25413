import * as vscode from 'vscode';
import { HostListTasksRequest, HostNotifyRequest, HostRunTaskRequest } from '../../protocol/decisionsProtocol';
import type { Messenger } from '../../protocol/messenger';

/** Answers the engine's skill ports that need the editor: showing a notification, running a VS Code task. */
export function registerHostSkillPorts(messenger: Messenger): void {
  messenger.onRequest(HostNotifyRequest, ({ message, severity }) => {
    const text = `MetaHuman: ${message}`;
    if (severity === 'error') void vscode.window.showErrorMessage(text);
    else if (severity === 'warning') void vscode.window.showWarningMessage(text);
    else void vscode.window.showInformationMessage(text);
    return {};
  });
  messenger.onRequest(HostListTasksRequest, async () => ({ names: (await vscode.tasks.fetchTasks()).map((t) => t.name) }));
  messenger.onRequest(HostRunTaskRequest, async ({ name }, ctx) => runTask(name, ctx.signal));
}

async function runTask(name: string, signal: AbortSignal): Promise<{ exitCode?: number; output: string }> {
  const tasks = await vscode.tasks.fetchTasks();
  const task = tasks.find((t) => t.name === name);
  if (!task) throw new Error(`No VS Code task named "${name}" in this window (found: ${tasks.map((t) => t.name).join(', ') || 'none'}).`);
  const execution = await vscode.tasks.executeTask(task);
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      execution.terminate();
      reject(new Error(`The task "${name}" was stopped.`));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    const ended = vscode.tasks.onDidEndTaskProcess((event) => {
      if (event.execution !== execution) return;
      ended.dispose();
      signal.removeEventListener('abort', onAbort);
      resolve({ ...(event.exitCode !== undefined ? { exitCode: event.exitCode } : {}), output: `Task "${name}" ended with exit code ${event.exitCode ?? 'unknown'}.` });
    });
  });
}
