import * as vscode from 'vscode';
import type { Messenger } from '../../protocol/messenger';
import { webviewOptions } from './webviewHtml';
import { WebviewHostBase } from './webviewHostBase';
import { WebviewSession } from './webviewSession';
import type { WebviewViewSpec } from './webviewViewHost';

export interface WebviewPanelSpec<S> extends Omit<WebviewViewSpec<S>, 'viewId'> {
  /** The panel's type, also the key VS Code restores it by (`metahuman.memoryPanel`). */
  viewType: string;
  /** The person closed the tab: let go of what only the panel needed (a stream, a watch). */
  onClosed?(): void;
}

/**
 * A webview in an editor tab for views that need room (memory, persona, audit, dashboard): one
 * panel per kind, opened or brought forward by `open`. Same life cycle as the sidebar views: the
 * first state in the HTML, a ready handshake, pushes while visible, one snapshot when shown again.
 */
export class WebviewPanelHost<S> extends WebviewHostBase<S> implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly spec: WebviewPanelSpec<S>,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
  }

  /** Opens the panel (or brings it forward), then delivers (e.g. "show this memory"). */
  open(deliver?: (messenger: Messenger) => void, column: vscode.ViewColumn = vscode.ViewColumn.Active): void {
    if (this.panel) {
      this.panel.reveal(column);
      if (deliver) {
        if (this.session?.isReady) deliver(this.session.messenger);
        else this.pending.push(deliver);
      }
      return;
    }
    if (deliver) this.pending.push(deliver);
    const panel = vscode.window.createWebviewPanel(this.spec.viewType, this.spec.title, column, { ...webviewOptions(this.extensionUri), retainContextWhenHidden: false });
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'metahuman.svg');
    this.panel = panel;
    const session = new WebviewSession(panel.webview, this.extensionUri, this.spec, () => panel.visible, this.pending, this.log, 'panel');
    this.session = session;
    const viewState = panel.onDidChangeViewState(() => {
      if (panel.visible) session.shown();
    });
    panel.onDidDispose(() => {
      viewState.dispose();
      session.dispose();
      if (this.panel === panel) {
        this.panel = undefined;
        this.session = undefined;
        this.spec.onClosed?.();
      }
    });
  }

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  dispose(): void {
    this.panel?.dispose();
    this.session?.dispose();
  }
}
