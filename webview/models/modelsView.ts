import { html, nothing } from 'lit';
import type { ModelsViewState } from '../../src/protocol/modelsViewProtocol';
import { isOffline } from './modelsModel';
import { renderOfflineGuidance } from './offlineGuidance';
import { renderProviderSection, type ProviderActions } from './providerSection';
import { renderRoleList, type RoleActions } from './roleList';

export interface ModelsActions extends ProviderActions, RoleActions {
  retry(): void;
}

/** The whole view for a state: loading, the error with Retry, or provider, guidance and roles. */
export function renderModelsView(state: ModelsViewState, actions: ModelsActions) {
  const { status, error, notice } = state;
  return html`
    ${error ? renderError(error, actions) : nothing}
    ${status
      ? html`
          ${isOffline(state) ? renderOfflineGuidance(actions) : nothing}
          ${renderProviderSection(status, state, actions)}
          <div id="models-notice" role="status" aria-live="polite">${notice ? html`<p class=${notice.tone === 'error' ? 'error' : 'banner'}>${notice.text}</p>` : nothing}</div>
          ${renderRoleList(state, actions)}
        `
      : error
        ? nothing
        : html`<div class="loading" role="status" aria-live="polite">
            <vscode-progress-ring aria-label="Loading"></vscode-progress-ring>
            <span>Reading the model settings from the engine…</span>
          </div>`}
  `;
}

function renderError(error: string, actions: ModelsActions) {
  return html`<div class="error-state">
    <p class="error" role="alert">${error}</p>
    <p class="muted">The engine may still be starting or may have stopped; the MetaHuman chat view's Engine section shows why and runs diagnostics.</p>
    <div class="actions"><vscode-button id="retry" @click=${() => actions.retry()}>Retry</vscode-button></div>
  </div>`;
}
