import * as vscode from 'vscode';
import { AgentsActivityPulseNotification } from '../../protocol/agentsProtocol';
import type { EngineHost } from '../engine/engineHost';

/** At most one pulse per this interval: idleness is judged in minutes. */
const PULSE_INTERVAL_MS = 30_000;

/**
 * Tells the engine the person is active in this window (typing, moving the cursor, focusing the
 * window, using the terminal), so the boredom service measures real idleness across all windows.
 * It carries only the time: no file, no text. Independent of capture, which the person may pause.
 */
export function watchActivity(engine: EngineHost): vscode.Disposable {
  let last = 0;
  const pulse = () => {
    const now = Date.now();
    if (now - last < PULSE_INTERVAL_MS) return;
    last = now;
    engine.notifyIfRunning(AgentsActivityPulseNotification, { at: new Date(now).toISOString() });
  };
  return vscode.Disposable.from(
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length > 0 && e.document.uri.scheme !== 'output') pulse();
    }),
    vscode.window.onDidChangeTextEditorSelection(pulse),
    vscode.window.onDidChangeActiveTerminal(pulse),
    vscode.window.onDidChangeWindowState((state) => {
      if (state.focused) pulse();
    }),
  );
}
