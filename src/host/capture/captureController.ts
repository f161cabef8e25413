import * as vscode from 'vscode';
import type { CaptureEvent, CaptureSource } from '../../core/capture/captureEvent';
import { CaptureEventsRequest, CaptureFlushRequest, CaptureForgetSinceRequest } from '../../protocol/captureProtocol';
import type { EngineHost } from '../engine/engineHost';
import { createCaptureContext, type CaptureContext } from './captureContext';
import { CaptureQueue } from './captureQueue';
import { captureDiagnostics } from './diagnosticsCapture';
import { captureFiles } from './fileCapture';
import { captureGit } from './gitCapture';
import { captureFocus, captureRuns } from './runCapture';
import { captureTerminal } from './terminalCapture';

export type CaptureState = 'on' | 'paused' | 'off' | 'untrusted';

const adapters: Record<CaptureSource, (ctx: CaptureContext, log: (m: string) => void) => vscode.Disposable[]> = {
  files: (ctx) => captureFiles(ctx),
  git: (ctx, log) => captureGit(ctx, log),
  terminal: (ctx) => captureTerminal(ctx),
  diagnostics: (ctx) => captureDiagnostics(ctx),
  debugAndTasks: (ctx) => captureRuns(ctx),
  focus: (ctx) => captureFocus(ctx),
};

/**
 * Turns the editor's activity into capture events, only while capture is on, the workspace is
 * trusted and the project has not opted out. The status-bar item shows the state and toggles it.
 */
export class CaptureController implements vscode.Disposable {
  private readonly queue: CaptureQueue;
  private readonly item = vscode.window.createStatusBarItem('metahuman.capture', vscode.StatusBarAlignment.Right, 99);
  private active: vscode.Disposable[] = [];
  private readonly subscriptions: vscode.Disposable[] = [];
  private paused: boolean;

  constructor(
    private readonly engine: EngineHost,
    private readonly log: vscode.LogOutputChannel,
    private readonly memento: vscode.Memento,
  ) {
    this.paused = memento.get<boolean>('capture.paused', false);
    this.queue = new CaptureQueue({
      send: (events) => this.send(events),
      log: (level, message) => log[level](message),
    });
    this.item.name = 'MetaHuman Capture';
    this.item.command = 'metahuman.toggleCapture';
    this.subscriptions.push(
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.refresh()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('metahuman.capture')) this.refresh();
      }),
      vscode.commands.registerCommand('metahuman.toggleCapture', () => this.setPaused(!this.paused)),
      vscode.commands.registerCommand('metahuman.pauseCapture', () => this.setPaused(true)),
      vscode.commands.registerCommand('metahuman.resumeCapture', () => this.setPaused(false)),
      vscode.commands.registerCommand('metahuman.forgetLastHour', () => this.forgetLastHour()),
      vscode.commands.registerCommand('metahuman.neverCaptureProject', () => this.optOut()),
      vscode.commands.registerCommand('metahuman.flushCapture', () => this.flush()),
    );
    this.render(this.state);
    this.item.show();
    // Adapters (and the git extension they wait for) start just after activation, off its path.
    const start = setTimeout(() => this.refresh(), 0);
    this.subscriptions.push({ dispose: () => clearTimeout(start) });
  }

  get state(): CaptureState {
    if (!vscode.workspace.isTrusted) return 'untrusted';
    const config = vscode.workspace.getConfiguration('metahuman.capture');
    if (!config.get<boolean>('enabled', true)) return 'off';
    return this.paused ? 'paused' : 'on';
  }

  /** Sends waiting events and ends open sessions; resolves with records written (tests, window close). */
  async flush(): Promise<number> {
    await this.queue.flush();
    const { written } = await this.engine.request(CaptureFlushRequest, {});
    return written;
  }

  private send(events: CaptureEvent[]) {
    const filesExclude = Object.entries(vscode.workspace.getConfiguration('files').get<Record<string, boolean>>('exclude') ?? {})
      .filter(([, on]) => on)
      .map(([glob]) => glob);
    return this.engine.request(CaptureEventsRequest, { events, filesExclude });
  }

  private refresh(): void {
    for (const d of this.active) d.dispose();
    this.active = [];
    const state = this.state;
    if (state === 'on') {
      const config = vscode.workspace.getConfiguration('metahuman.capture');
      const ctx = createCaptureContext((event) => this.queue.push(event));
      for (const [source, start] of Object.entries(adapters) as [CaptureSource, (typeof adapters)[CaptureSource]][]) {
        if (config.get<boolean>(`${source}.enabled`, true)) this.active.push(...start(ctx, (m) => this.log.warn(m)));
      }
    } else {
      this.queue.clear();
    }
    this.render(state);
  }

  private render(state: CaptureState): void {
    const look: Record<CaptureState, { text: string; tip: string }> = {
      on: { text: '$(record) Capturing', tip: 'MetaHuman remembers this coding session. Click to pause.' },
      paused: { text: '$(debug-pause) Capture paused', tip: 'Capture is paused. Click to resume.' },
      off: { text: '$(circle-slash) Capture off', tip: 'Capture is off for this workspace (metahuman.capture.enabled).' },
      untrusted: { text: '$(shield) Capture off', tip: 'Nothing is captured in an untrusted workspace.' },
    };
    this.item.text = look[state].text;
    this.item.tooltip = look[state].tip;
    this.item.accessibilityInformation = { label: `MetaHuman capture: ${state}` };
    void vscode.commands.executeCommand('setContext', 'metahuman.captureState', state);
  }

  private async setPaused(paused: boolean): Promise<CaptureState> {
    if (paused) await this.flush().catch(() => undefined);
    this.paused = paused;
    await this.memento.update('capture.paused', paused);
    this.refresh();
    return this.state;
  }

  private async forgetLastHour(): Promise<number> {
    this.queue.clear();
    const since = new Date(Date.now() - 60 * 60 * 1000).toISOString();
    try {
      const { forgotten } = await this.engine.request(CaptureForgetSinceRequest, { since });
      void vscode.window.showInformationMessage(`MetaHuman forgot ${forgotten} ${forgotten === 1 ? 'memory' : 'memories'} captured in the last hour.`);
      return forgotten;
    } catch (error) {
      void vscode.window.showErrorMessage(`MetaHuman could not forget the last hour: ${error instanceof Error ? error.message : String(error)}`);
      return 0;
    }
  }

  private async optOut(): Promise<void> {
    const choice = await vscode.window.showWarningMessage(
      'Never capture this project? MetaHuman stops recording activity in this workspace (you can turn it back on in the workspace settings).',
      { modal: true },
      'Never Capture',
    );
    if (choice !== 'Never Capture') return;
    await vscode.workspace.getConfiguration('metahuman.capture').update('enabled', false, vscode.ConfigurationTarget.Workspace);
  }

  dispose(): void {
    for (const d of [...this.active, ...this.subscriptions]) d.dispose();
    this.queue.dispose();
    this.item.dispose();
  }
}
