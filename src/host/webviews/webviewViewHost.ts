import * as vscode from 'vscode';
import type { Messenger } from '../../protocol/messenger';
import { webviewOptions } from './webviewHtml';
import { WebviewHostBase } from './webviewHostBase';
import { WebviewSession } from './webviewSession';

export interface WebviewViewSpec<S> {
  viewId: string;
  /** Bundle name under dist/webview and the root element it defines. */
  bundle: string;
  rootElement: string;
  title: string;
  /** The state embedded in the page (first paint) and pushed on change. */
  snapshot(): S;
  /** Sends a snapshot to the page. */
  push(messenger: Messenger, state: S): void;
  /** Registers the page's requests on a fresh messenger. */
  wire(messenger: Messenger): void;
  /** The page is ready: fetch anything slow (the engine's state). */
  onReady?(): void;
}

/**
 * A sidebar webview that renders host-pushed state: the page gets its first state in the HTML,
 * then a ready handshake; while hidden, changes only mark it stale and one snapshot goes out
 * when it shows again (no polling, no work for an invisible view).
 */
export class WebviewViewHost<S> extends WebviewHostBase<S> implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly spec: WebviewViewSpec<S>,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    view.webview.options = webviewOptions(this.extensionUri);
    const session = new WebviewSession(view.webview, this.extensionUri, this.spec, () => view.visible, this.pending, this.log, 'view');
    this.session = session;
    const visibility = view.onDidChangeVisibility(() => {
      if (view.visible) session.shown();
    });
    view.onDidDispose(() => {
      visibility.dispose();
      session.dispose();
      if (this.view === view) {
        this.view = undefined;
        this.session = undefined;
      }
    });
  }

  /** Opens the view, then delivers (e.g. "show this proposal"). */
  async reveal(deliver?: (messenger: Messenger) => void): Promise<void> {
    if (this.session?.live) {
      this.view?.show(false);
      if (deliver) deliver(this.session.messenger);
      return;
    }
    if (deliver) this.pending.push(deliver);
    await vscode.commands.executeCommand(`${this.spec.viewId}.focus`);
  }

  dispose(): void {
    this.session?.dispose();
  }
}
