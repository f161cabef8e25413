import { html, type TemplateResult } from 'lit';

/** What a view shows while it waits for its first state: a progress ring and what it waits for, announced politely. */
export function loadingState(waitingFor: string): TemplateResult {
  return html`<div class="loading" role="status" aria-live="polite">
    <vscode-progress-ring aria-label="Loading"></vscode-progress-ring>
    <span>${waitingFor}</span>
  </div>`;
}

export interface ErrorStateOptions {
  error: string;
  /** The way forward in words: what may be wrong and where to look. */
  hint: string | TemplateResult;
  retry: () => void;
  retrying?: boolean;
  /** The Retry button's id (selectors in tests and the view's own focus handling). */
  retryId?: string;
}

/** What a view shows when it cannot get its state: the error, the way forward, and Retry. */
export function errorState(options: ErrorStateOptions): TemplateResult {
  const { error, hint, retry, retrying = false, retryId = 'retry' } = options;
  return html`<div class="error-state">
    <p class="error" role="alert">${error}</p>
    <p class="muted">${hint}</p>
    <div class="actions">
      <vscode-button id=${retryId} ?disabled=${retrying} @click=${retry}>${retrying ? 'Retrying…' : 'Retry'}</vscode-button>
    </div>
  </div>`;
}
