import { html, nothing } from 'lit';
import type { MemoryDetails } from '../../src/protocol/memoryViewProtocol';
import { absoluteTime, relativeTime } from '../shared/relativeTime';
import { forgetQuestion, kindLabel, validationLabel } from './memoryModel';

/** The details pane's own state: the text being edited, the tag being typed, a forget awaiting confirmation. */
export interface DetailsUi {
  editing: boolean;
  draft: string;
  tagDraft: string;
  confirmForget: boolean;
  busy: boolean;
}

export interface DetailsActions {
  validate: () => void;
  markWrong: () => void;
  startEdit: () => void;
  setDraft: (text: string) => void;
  saveEdit: () => void;
  cancelEdit: () => void;
  setTagDraft: (text: string) => void;
  addTags: () => void;
  removeTag: (tag: string) => void;
  askForget: () => void;
  forget: () => void;
  keep: () => void;
  openLink: (id: string) => void;
  close: () => void;
}

/** One memory: its text, where it came from, its links, and the person's ways to validate it. */
export function renderMemoryDetails(d: MemoryDetails, ui: DetailsUi, actions: DetailsActions, now: Date) {
  const mark = validationLabel(d.validated);
  return html`<article id="memory-details" class="card" aria-labelledby="details-heading">
    <div class="card-head">
      <h3 id="details-heading">${kindLabel(d.kind)} · <span title=${absoluteTime(d.ts)}>${relativeTime(d.ts, now)}</span></h3>
      <vscode-button id="close-details" secondary aria-label="Close the memory" @click=${actions.close}>Close</vscode-button>
    </div>
    <p id="details-validation" class=${`tone-${mark.tone}`}>${mark.text}${d.wrongReason ? html`: <span class="wrong-reason">${d.wrongReason}</span>` : nothing}</p>
    ${ui.editing
      ? html`<label for="edit-draft">Corrected text (the original stays in the history)</label>
          <textarea id="edit-draft" rows="6" .value=${ui.draft} @input=${(e: Event) => actions.setDraft((e.target as HTMLTextAreaElement).value)}></textarea>
          <div class="actions">
            <vscode-button id="save-edit" ?disabled=${ui.busy || !ui.draft.trim() || ui.draft.trim() === d.text} @click=${actions.saveEdit}>Save correction</vscode-button>
            <vscode-button id="cancel-edit" secondary @click=${actions.cancelEdit}>Cancel</vscode-button>
          </div>`
      : html`<p id="details-text" class="memory-text">${d.text}</p>`}
    <p class="facts">
      <span class="source">Source: ${d.source}</span>
      ${d.project ? html`<span class="project">Project: ${d.project}</span>` : nothing}
      ${d.importance !== undefined ? html`<span>Importance ${d.importance}/10</span>` : nothing}
      <span class="id">Id: <code>${d.id}</code></span>
    </p>
    ${d.entities.length ? html`<p class="facts">Mentions: ${d.entities.join(', ')}</p>` : nothing}
    ${ui.editing ? nothing : renderValidation(d, ui, actions)}
    ${renderTags(d, ui, actions)}
    <section aria-labelledby="links-heading">
      <h4 id="links-heading">Links</h4>
      ${d.links.length === 0
        ? html`<p class="muted">No links.</p>`
        : html`<ul id="details-links">
            ${d.links.map((link) =>
              link.kind
                ? html`<li><button class="link-button open-link" data-id=${link.id} @click=${() => actions.openLink(link.id)}>${link.rel}: ${kindLabel(link.kind)} — ${link.preview ?? ''}</button></li>`
                : html`<li class="muted">${link.rel}: ${link.id} (forgotten)</li>`,
            )}
          </ul>`}
    </section>
    <section aria-labelledby="edits-heading">
      <h4 id="edits-heading">Edits history</h4>
      ${d.edits.length === 0
        ? html`<p class="muted">Never edited: this is the text as it was written.</p>`
        : html`<ol id="details-edits">
            ${d.edits.map(
              (edit) => html`<li><span class="muted" title=${absoluteTime(edit.ts)}>${relativeTime(edit.ts, now)}</span> ${edit.summary}${edit.text !== undefined ? html`<pre>${edit.text}</pre>` : nothing}</li>`,
            )}
          </ol>`}
    </section>
    <section aria-labelledby="audit-heading">
      <h4 id="audit-heading">Audit trail</h4>
      ${d.audit.length === 0
        ? html`<p class="muted">No audit entries name this memory.</p>`
        : html`<ol id="details-audit">
            ${d.audit.map((entry) => html`<li><span class="muted" title=${absoluteTime(entry.ts)}>${relativeTime(entry.ts, now)}</span> ${entry.summary} <span class="muted">by ${entry.actor}</span></li>`)}
          </ol>`}
    </section>
  </article>`;
}

function renderValidation(d: MemoryDetails, ui: DetailsUi, actions: DetailsActions) {
  if (ui.confirmForget)
    return html`<div id="forget-confirm" class="banner warning" role="group" aria-labelledby="forget-question">
      <p id="forget-question">${forgetQuestion(1)}</p>
      <div class="actions">
        <vscode-button id="confirm-forget" ?disabled=${ui.busy} @click=${actions.forget}>Forget</vscode-button>
        <vscode-button id="cancel-forget" secondary @click=${actions.keep}>Keep it</vscode-button>
      </div>
    </div>`;
  return html`<div class="actions" role="group" aria-label="Validate this memory">
    <vscode-button id="mark-correct" ?secondary=${d.validated !== true} ?disabled=${ui.busy || d.validated === true} @click=${actions.validate}>Mark correct</vscode-button>
    <vscode-button id="mark-wrong" ?secondary=${d.validated !== false} ?disabled=${ui.busy || d.validated === false} @click=${actions.markWrong}>Mark wrong</vscode-button>
    <vscode-button id="edit-text" secondary ?disabled=${ui.busy} @click=${actions.startEdit}>Edit text</vscode-button>
    <vscode-button id="forget" secondary ?disabled=${ui.busy} @click=${actions.askForget}>Forget…</vscode-button>
  </div>`;
}

function renderTags(d: MemoryDetails, ui: DetailsUi, actions: DetailsActions) {
  return html`<section aria-labelledby="tags-heading">
    <h4 id="tags-heading">Tags</h4>
    ${d.tags.length === 0
      ? html`<p class="muted">No tags.</p>`
      : html`<ul id="details-tags" class="tag-list">
          ${d.tags.map(
            (tag) => html`<li class="tag-chip">#${tag} <button class="icon-button remove-tag" aria-label=${`Remove tag ${tag}`} ?disabled=${ui.busy} @click=${() => actions.removeTag(tag)}>×</button></li>`,
          )}
        </ul>`}
    <div class="inline-form">
      <label class="sr-only" for="tag-draft">Tags to add</label>
      <input
        id="tag-draft"
        type="text"
        placeholder="add tags: work, idea"
        .value=${ui.tagDraft}
        @input=${(e: Event) => actions.setTagDraft((e.target as HTMLInputElement).value)}
        @keydown=${(e: KeyboardEvent) => e.key === 'Enter' && actions.addTags()}
      />
      <vscode-button id="add-tags" secondary ?disabled=${ui.busy || !ui.tagDraft.trim()} @click=${actions.addTags}>Add</vscode-button>
    </div>
  </section>`;
}
