import * as vscode from 'vscode';
import { EngineDiagnoseStream, type DiagnosticCheck, type EngineStatus } from '../../protocol/engineProtocol';
import type { EngineStatusModel } from '../engine/engineStatusModel';
import { reportEngineError } from '../engine/reportEngineError';

export interface CommandDeps {
  model: EngineStatusModel;
  log: vscode.LogOutputChannel;
  restartEngine(): Promise<void>;
}

/** The command-palette actions ("MetaHuman: …"). Each returns its result for tests and other extensions. */
export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  const { model, log } = deps;
  return [
    vscode.commands.registerCommand('metahuman.openChat', () => vscode.commands.executeCommand('metahuman.chat.focus')),
    vscode.commands.registerCommand('metahuman.showLog', () => log.show(true)),
    vscode.commands.registerCommand('metahuman.showStatus', () => showStatus(model, log)),
    vscode.commands.registerCommand('metahuman.runDiagnostics', () => runDiagnostics(model, log)),
    vscode.commands.registerCommand('metahuman.restartEngine', async () => {
      await deps.restartEngine();
      const state = await model.refresh();
      if (state.status) void vscode.window.showInformationMessage('MetaHuman engine restarted.');
      else void reportEngineError(state.error ?? 'unknown error', log);
    }),
  ];
}

async function showStatus(model: EngineStatusModel, log: vscode.LogOutputChannel): Promise<EngineStatus | undefined> {
  const state = await model.refresh();
  if (!state.status) {
    void reportEngineError(state.error ?? 'unknown error', log);
    return undefined;
  }
  const s = state.status;
  const where = s.profileExists ? s.profilePath : `${s.profilePath} (created on first use)`;
  void vscode.window.showInformationMessage(`MetaHuman ${s.version}: engine ready (${s.runtime}); profile ${where}`);
  return s;
}

async function runDiagnostics(model: EngineStatusModel, log: vscode.LogOutputChannel): Promise<DiagnosticCheck[]> {
  const checks: DiagnosticCheck[] = [];
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'MetaHuman diagnostics', cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      const cancel = token.onCancellationRequested(() => controller.abort());
      try {
        for await (const check of model.engine.stream(EngineDiagnoseStream, {}, { signal: controller.signal })) {
          checks.push(check);
          log[check.outcome === 'fail' ? 'error' : check.outcome === 'warn' ? 'warn' : 'info'](`[diagnostics] ${check.check}: ${check.outcome} — ${check.detail}`);
          progress.report({ message: `${check.check}: ${check.outcome}` });
        }
      } catch (error) {
        if (!controller.signal.aborted) void reportEngineError(error instanceof Error ? error.message : String(error), log);
      } finally {
        cancel.dispose();
      }
    },
  );
  if (checks.length > 0) {
    const failed = checks.filter((c) => c.outcome === 'fail').length;
    const warned = checks.filter((c) => c.outcome === 'warn').length;
    const summary = `MetaHuman diagnostics: ${checks.length - failed} passed, ${failed} failed${warned ? ` (${warned} with warnings)` : ''}`;
    const show = failed || warned ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void show(summary, 'Show Log').then((choice) => choice && log.show(true));
  }
  return checks;
}
