import * as vscode from 'vscode';
import { ChatAskStream, ChatConversationRequest, ChatConversationsRequest, ModelPickCommand, ChatNewNotification, ChatPromptNotification, ChatSendStream, MemoryOpenCommand, type ChatAskParams } from '../../protocol/chatProtocol';
import {
  DiagnosticsRunStream,
  StatusChangedNotification,
  StatusRefreshRequest,
  ViewReadyCommand,
  type ChatViewState,
} from '../../protocol/chatViewProtocol';
import { EngineDiagnoseStream } from '../../protocol/engineProtocol';
import { Messenger } from '../../protocol/messenger';
import type { EngineStatusModel } from '../engine/engineStatusModel';
import { renderWebviewHtml, webviewOptions } from '../webviews/webviewHtml';
import { webviewTransport } from '../webviews/webviewTransport';

/**
 * The sidebar chat view. Until the chat pipeline lands it shows the engine's state and runs its
 * self-checks; the page gets its initial state in the HTML, then a ready handshake, and while
 * hidden the host only remembers that the view is stale and sends one snapshot when it shows.
 */
export class ChatViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  static readonly viewId = 'metahuman.chat';
  private readonly disposables: vscode.Disposable[] = [];
  private messenger: Messenger | undefined;
  private view: vscode.WebviewView | undefined;
  private stale = false;
  private ready = false;
  /** Messages for a view that is still opening, delivered after its ready handshake. */
  private readonly pending: ((messenger: Messenger) => void)[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly model: EngineStatusModel,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(model.onDidChange(() => this.push()));
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    view.webview.options = webviewOptions(this.extensionUri);
    view.webview.html = renderWebviewHtml(view.webview, this.extensionUri, {
      bundle: 'chat',
      title: 'MetaHuman Chat',
      rootElement: 'mh-chat-app',
      initialState: this.model.snapshot(),
    });
    const messenger = new Messenger(webviewTransport(view.webview), {
      peerName: 'The chat view',
      log: (level, message) => this.log[level](`[chat view] ${message}`),
    });
    this.messenger = messenger;
    messenger.onCommand(ViewReadyCommand, () => {
      this.ready = true;
      this.push(true);
      for (const send of this.pending.splice(0)) send(messenger);
      void this.model.refresh();
    });
    messenger.onRequest(StatusRefreshRequest, () => this.model.refresh());
    messenger.onStream(DiagnosticsRunStream, (_params, ctx) => this.model.engine.stream(EngineDiagnoseStream, {}, { signal: ctx.signal }));
    // Answers can take minutes on a slow local model: no request timeout, the person stops them.
    messenger.onStream(ChatSendStream, (params, ctx) => this.model.engine.stream(ChatAskStream, params, { signal: ctx.signal, timeoutMs: 0 }));
    messenger.onCommand(MemoryOpenCommand, ({ id }) => void vscode.commands.executeCommand('metahuman.openMemory', id));
    messenger.onRequest(ChatConversationsRequest, () => this.model.engine.request(ChatConversationsRequest, {}));
    messenger.onRequest(ChatConversationRequest, (params) => this.model.engine.request(ChatConversationRequest, params));
    messenger.onCommand(ModelPickCommand, () => void vscode.commands.executeCommand('metahuman.selectModelProvider'));
    const visibility = view.onDidChangeVisibility(() => {
      if (view.visible && this.stale) this.push(true);
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

  /** Asks in the chat view (opening it first), e.g. "Ask About Selection". */
  async prompt(params: ChatAskParams): Promise<void> {
    await this.deliver((m) => m.notify(ChatPromptNotification, params));
  }

  async newChat(): Promise<void> {
    await this.deliver((m) => m.notify(ChatNewNotification, {}));
  }

  private async deliver(send: (messenger: Messenger) => void): Promise<void> {
    if (this.messenger && this.ready) {
      this.view?.show(true);
      send(this.messenger);
      return;
    }
    this.pending.push(send);
    await vscode.commands.executeCommand(`${ChatViewProvider.viewId}.focus`);
  }

  private push(force = false): void {
    if (!this.view || !this.messenger) return;
    if (!this.view.visible && !force) {
      this.stale = true;
      return;
    }
    this.stale = false;
    const state: ChatViewState = this.model.snapshot();
    this.messenger.notify(StatusChangedNotification, state);
  }

  dispose(): void {
    this.messenger?.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
