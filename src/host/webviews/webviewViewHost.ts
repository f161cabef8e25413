import * as vscode from 'vscode';
import { ViewReadyCommand } from '../../protocol/chatViewProtocol';
import { Messenger } from '../../protocol/messenger';
import { renderWebviewHtml, webviewOptions } from './webviewHtml';
import { webviewTransport } from './webviewTransport';

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
export class WebviewViewHost<S> implements vscode.WebviewViewProvider, vscode.Disposable {
  private messenger: Messenger | undefined;
  private view: vscode.WebviewView | undefined;
  private ready = false;
  private stale = false;
  private readonly pending: ((messenger: Messenger) => void)[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly spec: WebviewViewSpec<S>,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    view.webview.options = webviewOptions(this.extensionUri);
    view.webview.html = renderWebviewHtml(view.webview, this.extensionUri, {
      bundle: this.spec.bundle,
      title: this.spec.title,
      rootElement: this.spec.rootElement,
      initialState: this.spec.snapshot(),
    });
    const messenger = new Messenger(webviewTransport(view.webview), {
      peerName: `The ${this.spec.title} view`,
      log: (level, message) => this.log[level](`[${this.spec.bundle} view] ${message}`),
    });
    this.messenger = messenger;
    messenger.onCommand(ViewReadyCommand, () => {
      this.ready = true;
      this.refresh(true);
      for (const send of this.pending.splice(0)) send(messenger);
      this.spec.onReady?.();
    });
    this.spec.wire(messenger);
    const visibility = view.onDidChangeVisibility(() => {
      if (view.visible && this.stale) this.refresh(true);
    });
    view.onDidDispose(() => {
      visibility.dispose();
      messenger.dispose();
      if (this.view === view) {
        this.view = undefined;
        this.messenger = undefined;
        this.ready = false;
      }
    });
  }

  get visible(): boolean {
    return this.view?.visible === true && this.ready;
  }

  /** Pushes the current snapshot, or marks the view stale while it is hidden. */
  refresh(force = false): void {
    if (!this.view || !this.messenger || !this.ready) return;
    if (!this.view.visible && !force) {
      this.stale = true;
      return;
    }
    this.stale = false;
    this.spec.push(this.messenger, this.spec.snapshot());
  }

  /** Sends a live event to a visible page (missed events are covered by the next snapshot). */
  send(deliver: (messenger: Messenger) => void): void {
    if (this.messenger && this.ready && this.view?.visible) deliver(this.messenger);
    else this.stale = true;
  }

  /** Opens the view, then delivers (e.g. "show this proposal"). */
  async reveal(deliver?: (messenger: Messenger) => void): Promise<void> {
    if (this.messenger && this.ready && this.view?.visible) {
      this.view?.show(false);
      if (deliver) deliver(this.messenger);
      return;
    }
    if (deliver) this.pending.push(deliver);
    await vscode.commands.executeCommand(`${this.spec.viewId}.focus`);
  }

  dispose(): void {
    this.messenger?.dispose();
  }
}
