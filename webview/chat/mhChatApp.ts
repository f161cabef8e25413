import { LitElement, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import {
  ChatViewStateSchema,
  DiagnosticsRunStream,
  StatusChangedNotification,
  StatusRefreshRequest,
  ViewReadyCommand,
  type ChatViewState,
} from '../../src/protocol/chatViewProtocol';
import {
  ChatConversationRequest,
  ChatConversationsRequest,
  ChatNewNotification,
  ChatPromptNotification,
  ChatSendStream,
  MemoryOpenCommand,
  ModelPickCommand,
  type ChatAskParams,
  type ChatMode,
  type ConversationSummary,
  type ConversationTurn,
} from '../../src/protocol/chatProtocol';
import type { DiagnosticCheck } from '../../src/protocol/engineProtocol';
import type { Messenger } from '../../src/protocol/messenger';
import { createHostMessenger } from '../shared/hostMessenger';
import { readInitialState } from '../shared/initialState';
import { chatAppStyles } from './mhChatApp.css';
import { applyChatEvent, type ChatTurn } from './chatTurn';
import { describeEngine } from './engineLabel';

const OUTCOME_MARK: Record<DiagnosticCheck['outcome'], string> = { ok: '✓', warn: '!', fail: '✗' };

/** The chat view: the conversation with the twin, and the engine's state and self-checks above it. */
@customElement('mh-chat-app')
export class MhChatApp extends LitElement {
  static override styles = chatAppStyles;

  @state() private view: ChatViewState | undefined = readInitialState(ChatViewStateSchema);
  @state() private checking = false;
  @state() private checks: DiagnosticCheck[] = [];
  @state() private diagnosing = false;
  @state() private diagnosticsError: string | undefined;

  @state() private turns: ChatTurn[] = [];
  @state() private draft = '';
  @state() private mode: ChatMode = 'conversation';
  @state() private depth = 0;
  @state() private history: ConversationSummary[] | undefined;
  /** The person's choice for the engine section; until then it is open only while the engine is not ready. */
  @state() private engineOpen: boolean | undefined;
  private conversationId: string | undefined;
  private answering: AbortController | undefined;

  private messenger: Messenger | undefined;
  private diagnostics: AbortController | undefined;

  private async send(asked?: ChatAskParams): Promise<void> {
    const message = (asked?.message ?? this.draft).trim();
    if (!message || !this.messenger || this.answering) return;
    if (!asked) this.draft = '';
    const controller = new AbortController();
    this.answering = controller;
    const index = this.turns.length;
    this.turns = [...this.turns, { question: message, answer: '', stages: [], citations: [], state: 'streaming' }];
    const update = (next: (turn: ChatTurn) => ChatTurn) => {
      this.turns = this.turns.map((t, i) => (i === index ? next(t) : t));
    };
    try {
      const params: ChatAskParams = { mode: this.mode, depth: this.depth, ...asked, message, ...(this.conversationId ? { conversationId: this.conversationId } : {}) };
      // No timeout: a slow local model may take minutes; the person stops it.
      for await (const event of this.messenger.stream(ChatSendStream, params, { signal: controller.signal, timeoutMs: 0 })) {
        if (event.type === 'done') this.conversationId = event.conversationId;
        update((t) => applyChatEvent(t, event));
      }
    } catch (error) {
      update((t) => (controller.signal.aborted ? { ...t, state: 'stopped' } : { ...t, state: 'failed', error: errorText(error) }));
    } finally {
      this.answering = undefined;
      this.requestUpdate();
    }
  }

  private stop(): void {
    this.answering?.abort();
  }

  private async toggleHistory(): Promise<void> {
    if (this.history) {
      this.history = undefined;
      return;
    }
    try {
      this.history = (await this.messenger?.request(ChatConversationsRequest, {})) ?? [];
    } catch (error) {
      this.diagnosticsError = errorText(error);
    }
  }

  private async openConversation(summary: ConversationSummary): Promise<void> {
    const turns = (await this.messenger?.request(ChatConversationRequest, { id: summary.id })) ?? [];
    this.stop();
    this.history = undefined;
    this.conversationId = summary.id;
    this.mode = summary.mode;
    this.turns = turnsFromHistory(turns);
  }

  private newChat(): void {
    this.stop();
    this.conversationId = undefined;
    this.turns = [];
  }

  private onComposerKey(event: KeyboardEvent): void {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      void this.send();
    } else if (event.key === 'Escape') this.stop();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.messenger = createHostMessenger();
    this.messenger.onNotification(StatusChangedNotification, (next) => (this.view = next));
    this.messenger.onNotification(ChatPromptNotification, (asked) => void this.send(asked));
    this.messenger.onNotification(ChatNewNotification, () => this.newChat());
    this.messenger.command(ViewReadyCommand, {});
  }

  override disconnectedCallback(): void {
    this.diagnostics?.abort();
    this.messenger?.dispose();
    super.disconnectedCallback();
  }

  private async checkEngine(): Promise<void> {
    if (!this.messenger) return;
    this.checking = true;
    try {
      this.view = await this.messenger.request(StatusRefreshRequest, {});
    } catch (error) {
      this.view = { ...(this.view ?? { engine: 'failed', profilePath: '' }), error: errorText(error) };
    } finally {
      this.checking = false;
    }
  }

  private async runDiagnostics(): Promise<void> {
    if (!this.messenger) return;
    if (this.diagnosing) {
      this.diagnostics?.abort();
      return;
    }
    this.diagnostics = new AbortController();
    this.diagnosing = true;
    this.diagnosticsError = undefined;
    this.checks = [];
    try {
      for await (const check of this.messenger.stream(DiagnosticsRunStream, {}, { signal: this.diagnostics.signal })) {
        this.checks = [...this.checks, check];
      }
    } catch (error) {
      if (!this.diagnostics.signal.aborted) this.diagnosticsError = errorText(error);
    } finally {
      this.diagnosing = false;
    }
  }

  override render() {
    const view = this.view;
    const label = describeEngine(view);
    const engineOpen = this.engineOpen ?? view?.engine !== 'ready';
    return html`
      <h2>MetaHuman</h2>
      <div class="status" role="status" aria-live="polite">
        <span class="dot ${view?.engine ?? 'stopped'}" aria-hidden="true"></span>
        <span id="engine-status">${label}</span>
        ${view?.engine === 'starting' || this.checking ? html`<vscode-progress-ring aria-label="Waiting for the engine"></vscode-progress-ring>` : nothing}
      </div>
      ${view?.error ? html`<div class="error" id="engine-error" role="alert">${view.error}</div>` : nothing}
      <details id="engine-details" ?open=${engineOpen}>
        <summary @click=${(e: Event) => {
          // The state decides, so a re-render never undoes the person's choice.
          e.preventDefault();
          this.engineOpen = !engineOpen;
        }}>Engine and diagnostics</summary>
        <div class="path" id="profile-path" title="Profile folder">Profile: ${view?.profilePath ?? '…'}</div>
        <div class="actions">
          <vscode-button id="check-engine" ?disabled=${this.checking} @click=${() => void this.checkEngine()}>Check engine</vscode-button>
          <vscode-button id="run-diagnostics" secondary @click=${() => void this.runDiagnostics()}>
            ${this.diagnosing ? 'Stop diagnostics' : 'Run diagnostics'}
          </vscode-button>
        </div>
        <ul id="diagnostics" aria-label="Diagnostics results">
          ${this.checks.map(
            (c) => html`<li><span class="outcome-${c.outcome}" aria-label=${c.outcome}>${OUTCOME_MARK[c.outcome]}</span> <strong>${c.check}</strong> — ${c.detail}</li>`,
          )}
        </ul>
        ${this.diagnosticsError ? html`<div class="error" role="alert">${this.diagnosticsError}</div>` : nothing}
      </details>
      <section class="chat" aria-label="Conversation">
        <mh-chat-thread id="thread" .turns=${this.turns} @open-memory=${(e: CustomEvent<{ id: string }>) => this.messenger?.command(MemoryOpenCommand, { id: e.detail.id })}></mh-chat-thread>
        ${this.turns.length === 0 ? html`<p class="note">Ask your twin about your work: "what did I do on the parser last week?" Answers come from your memories and cite them. Everything stays on this machine.</p>` : nothing}
        <vscode-textarea id="composer" rows="3" resize="vertical" placeholder="Ask MetaHuman… (Enter to send, Shift+Enter for a new line, Escape to stop)"
          aria-label="Message to MetaHuman" .value=${this.draft}
          @input=${(e: Event) => (this.draft = (e.target as HTMLTextAreaElement).value)}
          @keydown=${(e: KeyboardEvent) => this.onComposerKey(e)}></vscode-textarea>
        <div class="options">
          <label>Mode <select id="mode" .value=${this.mode} @change=${(e: Event) => (this.mode = (e.target as HTMLSelectElement).value as ChatMode)}>
            <option value="conversation">Conversation</option>
            <option value="innerDialogue">Inner dialogue</option>
            <option value="emulation">Emulation (writes nothing)</option>
          </select></label>
          <label>Thinking <select id="depth" .value=${String(this.depth)} @change=${(e: Event) => (this.depth = Number((e.target as HTMLSelectElement).value))}>
            <option value="0">direct</option><option value="1">plan</option><option value="2">plan + 1 critic</option><option value="3">plan + 2 critics</option>
          </select></label>
        </div>
        <div class="actions">
          ${this.answering
            ? html`<vscode-button id="stop" @click=${() => this.stop()}>Stop</vscode-button>`
            : html`<vscode-button id="send" ?disabled=${!this.draft.trim()} @click=${() => void this.send()}>Send</vscode-button>`}
          <vscode-button id="new-chat" secondary @click=${() => this.newChat()}>New chat</vscode-button>
          <vscode-button id="history" secondary @click=${() => void this.toggleHistory()}>History</vscode-button>
          <vscode-button id="pick-model" secondary @click=${() => this.messenger?.command(ModelPickCommand, {})}>Model…</vscode-button>
        </div>
        ${this.history
          ? html`<ul id="conversations" aria-label="Earlier conversations">
              ${this.history.length === 0 ? html`<li>No conversations yet.</li>` : nothing}
              ${this.history.map((c) => html`<li><button class="link" @click=${() => void this.openConversation(c)}>${c.title}</button> <span class="note">${c.updatedAt.slice(0, 10)} · ${c.turns} turns${c.mode === 'innerDialogue' ? ' · inner dialogue' : ''}</span></li>`)}
            </ul>`
          : nothing}
      </section>
    `;
  }
}

/** Earlier turns (question, answer, question…) as the view's exchanges. */
function turnsFromHistory(turns: ConversationTurn[]): ChatTurn[] {
  const out: ChatTurn[] = [];
  for (const turn of turns) {
    if (turn.role === 'user') out.push({ question: turn.text, answer: '', stages: [], citations: [], state: 'done' });
    else {
      const last = out[out.length - 1];
      if (last && !last.answer) last.answer = turn.text;
      else out.push({ question: '', answer: turn.text, stages: [], citations: [], state: 'done' });
    }
  }
  return out;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

declare global {
  interface HTMLElementTagNameMap {
    'mh-chat-app': MhChatApp;
  }
}
