// Runs inside a real extension host (see bench/captureHost.ts): times the capture adapters' work on
// the extension host thread per editor event, and counts the records the engine writes from them.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { defaultSettings } from '../../src/core/settings/settingsTable';
import { createCaptureContext } from '../../src/host/capture/captureContext';
import { CaptureQueue } from '../../src/host/capture/captureQueue';
import { fileCaptureHandlers } from '../../src/host/capture/fileCapture';
import { EngineHost } from '../../src/host/engine/engineHost';
import { CaptureEventsRequest, CaptureFlushRequest } from '../../src/protocol/captureProtocol';

const EVENTS = 10_000;

function stats(samples: number[]): { median: number; p95: number; mean: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
  return { median: at(0.5), p95: at(0.95), mean: samples.reduce((a, b) => a + b, 0) / samples.length };
}

export async function run(): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder');
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'src', 'parser.ts'));
  const editor = await vscode.window.showTextDocument(doc);

  // Real change events from real edits (typing, newlines, deletions), replayed below.
  const recorded: vscode.TextDocumentChangeEvent[] = [];
  const sub = vscode.workspace.onDidChangeTextDocument((e) => {
    if (e.document === doc && e.contentChanges.length > 0) recorded.push(e);
  });
  for (let i = 0; i < 400; i++) {
    const end = doc.lineAt(doc.lineCount - 1).range.end;
    await editor.edit((b) => {
      if (i % 10 === 9) b.insert(end, '\n');
      else if (i % 10 === 8) b.delete(new vscode.Range(end.translate(0, -1), end));
      else b.insert(end, 'x');
    });
  }
  sub.dispose();

  const extension = vscode.extensions.getExtension('metahuman.metahuman-vscode');
  if (!extension) throw new Error('MetaHuman is not loaded');
  const engine = new EngineHost({
    workerPath: join(extension.extensionPath, 'dist', 'engine.js'),
    settings: { profilePath: `${process.env.MH_PROFILE ?? '/tmp/mh-bench'}-bench`, values: defaultSettings(), actor: 'bench', workspaceKey: 'bench' },
    requestTimeoutMs: 60_000,
    log: () => undefined,
  });
  let written = 0;
  let batches = 0;
  const queue = new CaptureQueue({
    send: async (events) => {
      batches++;
      written += (await engine.request(CaptureEventsRequest, { events })).written;
    },
    log: () => undefined,
  });
  const handlers = fileCaptureHandlers(createCaptureContext((event) => queue.push(event)));
  const noop = (_e: vscode.TextDocumentChangeEvent) => undefined;

  const timeEach = (handle: (i: number) => void): number[] => {
    const samples: number[] = [];
    for (let i = 0; i < EVENTS; i++) {
      const t0 = performance.now();
      handle(i);
      samples.push(performance.now() - t0);
    }
    return samples;
  };
  const event = (i: number) => recorded[i % recorded.length];
  // Baseline in the same process: an empty listener given the same events.
  const baseline = timeEach((i) => noop(event(i)));
  const adapter = timeEach((i) => (i % 100 === 99 ? handlers.onSave(doc) : handlers.onChange(event(i))));

  const flushStart = performance.now();
  await queue.flush();
  written += (await engine.request(CaptureFlushRequest, {})).written;
  const engineMs = performance.now() - flushStart;
  await engine.dispose();

  const out = process.env.MH_RESULTS;
  if (out) writeFileSync(out, JSON.stringify({ events: EVENTS, recorded: recorded.length, adapter: stats(adapter), baseline: stats(baseline), written, batches, engineMs }));
}
