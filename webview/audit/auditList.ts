import { html, nothing } from 'lit';
import type { AuditEntryView } from '../../src/protocol/auditProtocol';
import { renderAuditEntry } from './auditEntryCard';
import { loadingState } from '../shared/viewStates';

export interface AuditResults {
  entries: AuditEntryView[];
  /** Matching entries in all (including live ones held back while the person is scrolled down). */
  total: number;
  /** Live entries that matched while the person was scrolled down: counted, not yet shown. */
  held: number;
  loading: 'first' | 'more' | false;
  error?: string;
  filtered: boolean;
  /** Keys of entries that arrived live (marked "new"). */
  fresh: ReadonlySet<string>;
}

export interface AuditListActions {
  more(): void;
  retry(): void;
  clearFilters(): void;
}

/** The entries newest first with "Show more", or the loading, error and empty states, each with a way forward. */
export function renderAuditList(results: AuditResults, now: Date, actions: AuditListActions) {
  const { entries, total, held, loading, error, filtered, fresh } = results;
  if (error) {
    return html`<div class="error-state">
      <p class="error" role="alert">${error}</p>
      <p class="muted">The engine may still be starting or may have stopped; "MetaHuman: Show Status" tells why. In a terminal, "mh audit show" lists today's entries.</p>
      <div class="actions"><vscode-button id="audit-retry" @click=${() => actions.retry()}>Retry</vscode-button></div>
    </div>`;
  }
  if (loading === 'first' && entries.length === 0) {
    return loadingState('Reading the audit log…');
  }
  if (entries.length === 0 && held === 0) {
    return filtered
      ? html`<div id="audit-empty" class="empty-state">
          <p>No entries match these words and categories.</p>
          <div class="actions"><vscode-button id="audit-clear-filters" secondary @click=${() => actions.clearFilters()}>Clear filters</vscode-button></div>
        </div>`
      : html`<div id="audit-empty" class="empty-state">
          <p>The audit log is empty.</p>
          <p class="muted">Every write to your profile, model call, agent run, decision and trust change is recorded here as it happens; new entries appear at the top while this panel is open.</p>
        </div>`;
  }
  const remaining = total - entries.length - held;
  return html`
    <p class="facts audit-count">Showing ${entries.length} of ${total} ${total === 1 ? 'entry' : 'entries'}, newest first</p>
    <ul id="audit-entries" aria-label="Audit entries">
      ${entries.map((entry) => renderAuditEntry(entry, now, fresh.has(entry.key)))}
    </ul>
    ${remaining > 0
      ? html`<div class="actions">
          <vscode-button id="audit-show-more" secondary ?disabled=${loading === 'more'} @click=${() => actions.more()}>
            ${loading === 'more' ? 'Loading…' : `Show more (${remaining} older)`}
          </vscode-button>
        </div>`
      : nothing}
  `;
}
