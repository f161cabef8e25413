import { html, nothing } from 'lit';
import type { ModelsStatus, ModelsTestResult } from '../../src/protocol/modelsProtocol';
import type { ModelsViewState } from '../../src/protocol/modelsViewProtocol';
import { formatBytes, providerLabel, reachability, testSummary } from './modelsModel';

export interface ProviderActions {
  test(): void;
  selectProvider(): void;
  openSettings(): void;
}

/** Which provider the settings choose, its address, whether it was reached, and Test connection. */
export function renderProviderSection(status: ModelsStatus, state: ModelsViewState, actions: ProviderActions) {
  const reach = reachability(state);
  return html`
    <section id="provider" aria-labelledby="provider-heading">
      <h3 id="provider-heading">Provider</h3>
      <dl class="facts-list">
        <dt>Provider</dt>
        <dd id="provider-name">${providerLabel(status.provider)}</dd>
        ${status.endpoint ? html`<dt>Endpoint</dt><dd id="provider-endpoint"><code>${status.endpoint}</code></dd>` : nothing}
        <dt>Status</dt>
        <dd id="provider-reachability" class=${reach.tone === 'muted' ? 'muted' : `tone-${reach.tone}`}>${reach.text}</dd>
      </dl>
      <div class="actions">
        <vscode-button id="test-connection" ?disabled=${state.testing === true} @click=${() => actions.test()}>${state.testing ? (state.checking ? 'Checking…' : 'Testing…') : 'Test connection'}</vscode-button>
        ${status.provider === 'offline' ? nothing : html`<vscode-button id="change-provider" secondary @click=${() => actions.selectProvider()}>Change provider…</vscode-button>`}
      </div>
      <div id="test-result" role="status" aria-live="polite">${state.test && !state.testing ? renderTestResult(state.test, actions) : nothing}</div>
    </section>
  `;
}

/** A test's outcome: latency and models, or the error with the ways forward. */
export function renderTestResult(test: ModelsTestResult, actions: ProviderActions) {
  const summary = testSummary(test);
  return html`
    <div class=${`test-outcome ${summary.tone === 'bad' ? 'error' : 'banner'}`} data-outcome=${summary.tone}>
      <p class="headline"><strong>${summary.headline}</strong></p>
      <p class="detail">${summary.detail}</p>
      ${summary.failed
        ? html`<div class="actions">
            <vscode-button id="retry-test" @click=${() => actions.test()}>Test again</vscode-button>
            <vscode-button id="fix-provider" secondary @click=${() => actions.selectProvider()}>Select Model Provider…</vscode-button>
            <vscode-button id="open-settings" secondary @click=${() => actions.openSettings()}>Open Model Settings</vscode-button>
          </div>`
        : nothing}
    </div>
    ${test.models.length > 0
      ? html`<ul id="provider-models" aria-label="Models on the provider">
          ${test.models.map((m) => html`<li class="provider-model"><span class="model-name">${m.name}</span>${m.sizeBytes !== undefined ? html` <span class="muted model-size">${formatBytes(m.sizeBytes)}</span>` : nothing}</li>`)}
        </ul>`
      : test.ok && test.contacted
        ? html`<p class="muted" id="provider-models-empty">The server lists no models yet: pull one, e.g. <code>ollama pull llama3.2</code>.</p>`
        : nothing}
  `;
}
