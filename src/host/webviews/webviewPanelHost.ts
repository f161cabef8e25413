import * as vscode from 'vscode';
import { ViewReadyCommand } from '../../protocol/chatViewProtocol';
import { Messenger } from '../../protocol/messenger';
import { renderWebviewHtml, webviewOptions } from './webviewHtml';
import { webviewTransport } from './webviewTransport';
import type { WebviewViewSpec } from './webviewViewHost';

export interface WebviewPanelSpec<S> extends Omit<WebviewViewSpec<S>, 'viewId'> {
  /** The panel's type, also the key VS Code restores it by (`metahuman.memoryPanel`). */
  viewType: string;
}

/**
 * A webview in an editor tab for views that need room (memory, persona, audit, dashboard): one
 * panel per kind, opened or brought forward by `open`. Same life cycle as the sidebar views: the
 * first state in the HTML, a ready handshake, pushes while visible, one snapshot when shown again.
 */
export class WebviewPanelHost<S> implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private messenger: Messenger | undefined;
  private ready = false;
  private stale = false;
  private readonly pending: ((messenger: Messenger) => void)[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly spec: WebviewPanelSpec<S>,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Opens the panel (or brings it forward), then delivers (e.g. "show this memory"). */
  open(deliver?: (messenger: Messenger) => void, column: vscode.ViewColumn = vscode.ViewColumn.Active): void {
    if (this.panel) {
      this.panel.reveal(column);
      if (deliver) {
        if (this.messenger && this.ready) deliver(this.messenger);
        else this.pending.push(deliver);
      }
      return;
    }
    if (deliver) this.pending.push(deliver);
    const panel = vscode.window.createWebviewPanel(this.spec.viewType, this.spec.title, column, { ...webviewOptions(this.extensionUri), retainContextWhenHidden: false });
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'metahuman.svg');
    this.attach(panel);
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    this.ready = false;
    panel.webview.html = renderWebviewHtml(panel.webview, this.extensionUri, {
      bundle: this.spec.bundle,
      title: this.spec.title,
      rootElement: this.spec.rootElement,
      initialState: this.spec.snapshot(),
    });
    const messenger = new Messenger(webviewTransport(panel.webview), {
      peerName: `The ${this.spec.title} panel`,
      log: (level, message) => this.log[level](`[${this.spec.bundle} panel] ${message}`),
    });
    this.messenger = messenger;
    messenger.onCommand(ViewReadyCommand, () => {
      this.ready = true;
      this.refresh(true);
      for (const send of this.pending.splice(0)) send(messenger);
      this.spec.onReady?.();
    });
    this.spec.wire(messenger);
    const viewState = panel.onDidChangeViewState(() => {
      if (panel.visible && this.stale) this.refresh(true);
    });
    panel.onDidDispose(() => {
      viewState.dispose();
      messenger.dispose();
      if (this.panel === panel) {
        this.panel = undefined;
        this.messenger = undefined;
        this.ready = false;
      }
    });
  }

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  get visible(): boolean {
    return this.panel?.visible === true && this.ready;
  }

  /** Pushes the current snapshot, or marks the panel stale while it is hidden. */
  refresh(force = false): void {
    if (!this.panel || !this.messenger || !this.ready) return;
    if (!this.panel.visible && !force) {
      this.stale = true;
      return;
    }
    this.stale = false;
    this.spec.push(this.messenger, this.spec.snapshot());
  }

  /** Sends a live event to a visible panel (missed events are covered by the next snapshot). */
  send(deliver: (messenger: Messenger) => void): void {
    if (this.messenger && this.ready && this.panel?.visible) deliver(this.messenger);
    else this.stale = true;
  }

  dispose(): void {
    this.panel?.dispose();
    this.messenger?.dispose();
  }
}
