import * as vscode from 'vscode';
import type { EngineStatusModel } from '../engine/engineStatusModel';

const LABELS: Record<string, { icon: string; text: string }> = {
  stopped: { icon: '$(person)', text: 'idle' },
  starting: { icon: '$(loading~spin)', text: 'starting' },
  ready: { icon: '$(person)', text: 'ready' },
  crashed: { icon: '$(warning)', text: 'restarting' },
  failed: { icon: '$(error)', text: 'engine stopped' },
};

/** The status-bar item: engine state at a glance; a click shows the full status. */
export class EngineStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('metahuman.status', vscode.StatusBarAlignment.Right, 100);
  private readonly subscription: vscode.Disposable;

  constructor(private readonly model: EngineStatusModel) {
    this.item.name = 'MetaHuman';
    this.item.command = 'metahuman.showStatus';
    this.subscription = model.onDidChange(() => this.render());
    this.render();
    this.item.show();
  }

  private render(): void {
    const state = this.model.snapshot();
    const label = LABELS[state.engine] ?? LABELS.stopped;
    this.item.text = `${label.icon} MetaHuman`;
    this.item.accessibilityInformation = { label: `MetaHuman: engine ${label.text}` };
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(`**MetaHuman** — engine ${label.text}\n\n`);
    tooltip.appendText(`Profile: ${state.profilePath}`);
    if (state.error) tooltip.appendText(`\n\n${state.error}`);
    this.item.tooltip = tooltip;
    this.item.backgroundColor = state.engine === 'failed' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
