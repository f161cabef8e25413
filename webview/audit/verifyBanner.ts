import { html, nothing } from 'lit';
import type { AuditViewState } from '../../src/protocol/auditViewProtocol';
import { verifySummary } from './auditModel';

/** The chain check at the top of the panel: intact (how much was checked) or broken (where, what to do), and "Verify again". */
export function renderVerifyBanner(state: AuditViewState, onVerify: () => void) {
  const again = html`<vscode-button id="audit-verify-again" secondary ?disabled=${state.verifying === true} @click=${onVerify}>
    ${state.verifying ? 'Verifying…' : 'Verify again'}
  </vscode-button>`;
  if (state.verifyError) {
    return html`<section id="audit-verify" class="verify banner warning" aria-label="Audit log check">
      <p class="error" role="alert">${state.verifyError}</p>
      <p class="muted">The engine may still be starting or may have stopped; "MetaHuman: Show Status" tells why.</p>
      <div class="actions">${again}</div>
    </section>`;
  }
  if (!state.report) {
    return html`<section id="audit-verify" class="verify banner" aria-label="Audit log check">
      <p class="loading" role="status" aria-live="polite"><vscode-progress-ring aria-label="Checking"></vscode-progress-ring><span>Checking the audit log's hash chain…</span></p>
    </section>`;
  }
  const summary = verifySummary(state.report);
  return html`<section id="audit-verify" class="verify banner verify-${summary.tone}${summary.tone === 'bad' ? ' warning' : ''}" aria-label="Audit log check">
    <p class="verify-title tone-${summary.tone}" role=${summary.tone === 'bad' ? 'alert' : 'status'}>${summary.tone === 'ok' ? '✓' : '✗'} ${summary.title}</p>
    <p class="verify-detail">${summary.detail}</p>
    ${summary.advice ? html`<p class="verify-advice">${summary.advice}</p>` : nothing}
    ${state.report.warnings.length > 0 ? html`<ul class="verify-warnings">${state.report.warnings.map((w) => html`<li class="tone-warn">${w}</li>`)}</ul>` : nothing}
    <div class="actions">${again}</div>
  </section>`;
}
