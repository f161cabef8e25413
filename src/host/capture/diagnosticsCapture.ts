import * as vscode from 'vscode';
import type { CaptureContext } from './captureContext';

/**
 * Errors appearing in and disappearing from a file: one event when a file goes from clean to
 * failing (count and first message) and one when it is clean again, not one per keystroke.
 */
export function captureDiagnostics(ctx: CaptureContext): vscode.Disposable[] {
  const failing = new Map<string, { count: number; firstMessage: string }>();
  return [
    vscode.languages.onDidChangeDiagnostics((e) => {
      for (const uri of e.uris) {
        const at = ctx.locate(uri);
        if (!at) continue;
        const errors = vscode.languages.getDiagnostics(uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
        const key = uri.toString();
        const before = failing.get(key);
        if (errors.length > 0 && !before) {
          const firstMessage = (errors[0]?.message ?? '').slice(0, 2000);
          failing.set(key, { count: errors.length, firstMessage });
          ctx.emit({ type: 'diagnostics/appeared', ts: ctx.now(), ...at, count: errors.length, firstMessage, severity: 'error' });
        } else if (errors.length === 0 && before) {
          failing.delete(key);
          ctx.emit({ type: 'diagnostics/fixed', ts: ctx.now(), ...at, count: before.count, firstMessage: before.firstMessage });
        } else if (before && errors.length > before.count) {
          before.count = errors.length;
        }
      }
    }),
  ];
}
