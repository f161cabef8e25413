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
import type { DiagnosticCheck } from '../../src/protocol/engineProtocol';
import type { Messenger } from '../../src/protocol/messenger';
import { createHostMessenger } from '../shared/hostMessenger';
import { readInitialState } from '../shared/initialState';
import { chatAppStyles } from './mhChatApp.css';
import { describeEngine } from './engineLabel';

const OUTCOME_MARK: Record<DiagnosticCheck['outcome'], string> = { ok: '✓', warn: '!', fail: '✗' };

/** The chat view. Until the chat pipeline lands it shows the engine's state and self-checks. */
@customElement('mh-chat-app')
export class MhChatApp extends LitElement {
  static override styles = chatAppStyles;

  @state() private view: ChatViewState | undefined = readInitialState(ChatViewStateSchema);
  @state() private checking = false;
  @state() private checks: DiagnosticCheck[] = [];
  @state() private diagnosing = false;
  @state() private diagnosticsError: string | undefined;

  private messenger: Messenger | undefined;
  private diagnostics: AbortController | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.messenger = createHostMessenger();
    this.messenger.onNotification(StatusChangedNotification, (next) => (this.view = next));
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
    return html`
      <h2>MetaHuman</h2>
      <div class="status" role="status" aria-live="polite">
        <span class="dot ${view?.engine ?? 'stopped'}" aria-hidden="true"></span>
        <span id="engine-status">${label}</span>
        ${view?.engine === 'starting' || this.checking ? html`<vscode-progress-ring aria-label="Waiting for the engine"></vscode-progress-ring>` : nothing}
      </div>
      <div class="path" id="profile-path" title="Profile folder">Profile: ${view?.profilePath ?? '…'}</div>
      ${view?.error ? html`<div class="error" id="engine-error" role="alert">${view.error}</div>` : nothing}
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
      <p class="note">Conversations with your twin, grounded in your memories, arrive with the chat pipeline. Everything stays on this machine.</p>
    `;
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

declare global {
  interface HTMLElementTagNameMap {
    'mh-chat-app': MhChatApp;
  }
}
