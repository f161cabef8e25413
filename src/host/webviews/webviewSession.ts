import type * as vscode from 'vscode';
import { ViewReadyCommand } from '../../protocol/chatViewProtocol';
import { Messenger } from '../../protocol/messenger';
import { renderWebviewHtml } from './webviewHtml';
import { webviewTransport } from './webviewTransport';
import type { WebviewViewSpec } from './webviewViewHost';

/**
 * One page's life in a webview (a sidebar view or an editor tab): the first state in the HTML, a
 * messenger, the ready handshake, and what waits for it. While the page is hidden, pushes only mark
 * it stale; one snapshot goes out when it shows again.
 */
export class WebviewSession<S> {
  readonly messenger: Messenger;
  private ready = false;
  private stale = false;

  constructor(
    webview: vscode.Webview,
    extensionUri: vscode.Uri,
    private readonly spec: Omit<WebviewViewSpec<S>, 'viewId'>,
    private readonly isVisible: () => boolean,
    pending: ((messenger: Messenger) => void)[],
    log: vscode.LogOutputChannel,
    kind: 'view' | 'panel',
  ) {
    webview.html = renderWebviewHtml(webview, extensionUri, { bundle: spec.bundle, title: spec.title, rootElement: spec.rootElement, initialState: spec.snapshot() });
    const messenger = new Messenger(webviewTransport(webview), {
      peerName: `The ${spec.title} ${kind}`,
      log: (level, message) => log[level](`[${spec.bundle} ${kind}] ${message}`),
    });
    this.messenger = messenger;
    messenger.onCommand(ViewReadyCommand, () => {
      this.ready = true;
      this.refresh(true);
      for (const send of pending.splice(0)) send(messenger);
      spec.onReady?.();
    });
    spec.wire(messenger);
  }

  /** Ready and on screen: live events can go straight to the page. */
  get live(): boolean {
    return this.ready && this.isVisible();
  }

  get isReady(): boolean {
    return this.ready;
  }

  /** Pushes the current snapshot, or marks the page stale while it is hidden. */
  refresh(force = false): void {
    if (!this.ready) return;
    if (!this.isVisible() && !force) {
      this.stale = true;
      return;
    }
    this.stale = false;
    this.spec.push(this.messenger, this.spec.snapshot());
  }

  /** The page became visible: catch it up if something changed meanwhile. */
  shown(): void {
    if (this.stale) this.refresh(true);
  }

  /** Sends a live event to a visible page (missed events are covered by the next snapshot). */
  send(deliver: (messenger: Messenger) => void): void {
    if (this.live) deliver(this.messenger);
    else this.stale = true;
  }

  dispose(): void {
    this.messenger.dispose();
  }
}
