import { html, nothing } from 'lit';
import type { ResultOf } from '../../src/protocol/messageTypes';
import type { PersonaDiffRequest, PersonaVersionView } from '../../src/protocol/personaProtocol';
import { absoluteTime, relativeTime } from '../shared/relativeTime';
import { newestFirst } from './personaModel';
import { actionLabel } from '../shared/actionLabel';

export type PersonaDiff = ResultOf<typeof PersonaDiffRequest>;

export interface HistoryState {
  /** The revision whose diff is shown, and the diff once it came. */
  comparing?: number;
  diff?: PersonaDiff;
  /** The revision a rollback is being confirmed for. */
  confirming?: number;
  busy: boolean;
  error?: string;
}

export interface HistoryActions {
  compare(revision: number): void;
  askRollback(revision: number): void;
  confirmRollback(revision: number): void;
  cancelRollback(): void;
}

/** Every revision, newest first, each with Compare with current and Roll back; the diff and the rollback confirmation inline. */
export function renderHistory(history: readonly PersonaVersionView[], state: HistoryState, actions: HistoryActions, now: Date, dirty: boolean) {
  const current = history.find((v) => v.current);
  return html`<section id="persona-history" class="card" aria-labelledby="history-heading">
    <h3 id="history-heading">History</h3>
    ${history.length <= 1 ? html`<p class="muted">No earlier revisions yet. Each save keeps the one it replaces here, so any change can be compared and undone.</p>` : nothing}
    ${state.error ? html`<p class="error" role="alert">${state.error}</p>` : nothing}
    <ul class="versions" aria-label="Revisions">
      ${newestFirst(history).map(
        (version) => html`<li class="version" data-revision=${version.revision}>
          <div class="version-head">
            <span class="version-title">Revision ${version.revision}</span>
            ${version.current ? html`<span class="badge">current</span>` : nothing}
            <span class="muted" title=${absoluteTime(version.savedAt)}>${relativeTime(version.savedAt, now)}</span>
          </div>
          ${version.note ? html`<p class="version-note muted">${version.note}</p>` : nothing}
          ${version.current
            ? nothing
            : html`<div class="actions">
                <vscode-button class="compare" secondary ?disabled=${state.busy} aria-label=${actionLabel('Compare with current', `revision ${version.revision}`)} @click=${() => actions.compare(version.revision)}>
                  Compare with current
                </vscode-button>
                <vscode-button class="rollback" secondary ?disabled=${state.busy} aria-label=${`Roll back to revision ${version.revision}`} @click=${() => actions.askRollback(version.revision)}>
                  Roll back…
                </vscode-button>
              </div>`}
          ${state.confirming === version.revision ? renderConfirm(version.revision, current?.revision, state.busy, actions, dirty) : nothing}
          ${state.comparing === version.revision && state.diff ? renderDiff(state.diff) : nothing}
        </li>`,
      )}
    </ul>
  </section>`;
}

function renderConfirm(revision: number, current: number | undefined, busy: boolean, actions: HistoryActions, dirty: boolean) {
  return html`<div class="confirm banner warning" role="group" aria-label=${`Confirm the rollback to revision ${revision}`}>
    <p>
      Make revision ${revision} current again? It is saved as revision ${(current ?? revision) + 1}; revision ${current ?? ''} stays in the history, so this can be undone.
      ${dirty ? ' Your unsaved edits in the form are discarded.' : ''}
    </p>
    <div class="actions">
      <vscode-button class="confirm-rollback" ?disabled=${busy} @click=${() => actions.confirmRollback(revision)}>${busy ? 'Rolling back…' : `Roll back to ${revision}`}</vscode-button>
      <vscode-button class="cancel-rollback" secondary ?disabled=${busy} @click=${() => actions.cancelRollback()}>Cancel</vscode-button>
    </div>
  </div>`;
}

/** What differs from revision `from` to the current one: one line per changed field, and the JSON lines. */
export function renderDiff(diff: PersonaDiff) {
  return html`<div class="diff" aria-label=${`Changes from revision ${diff.from} to revision ${diff.to}`}>
    ${diff.changes.length === 0
      ? html`<p class="muted">Revision ${diff.from} is the same as the current one.</p>`
      : html`<p class="muted">From revision ${diff.from} to the current revision ${diff.to}:</p>
          <ul class="changes">
            ${diff.changes.map((c) => html`<li class=${`change ${c.type}`}><code>${c.line}</code></li>`)}
          </ul>
          <details>
            <summary>Line by line</summary>
            <pre class="line-diff">${diff.lines.filter((l) => l.op !== ' ').map((l) => html`<span class=${l.op === '+' ? 'line-added' : 'line-removed'}>${l.op} ${l.text}\n</span>`)}</pre>
          </details>`}
  </div>`;
}
