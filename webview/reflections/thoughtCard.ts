import { html, nothing } from 'lit';
import type { Thought } from '../../src/protocol/reflectionsProtocol';
import { absoluteTime, relativeTime } from '../shared/relativeTime';
import { citesLabel, isImaginative, kindLabel, sourceLabel, type LiveDraft } from './reflectionsModel';

/** One stored thought: its kind (dreams marked imaginative), when and by whom, its text, and what it cites. */
export function renderThought(thought: Thought, now: Date, openMemory: (id: string) => void) {
  return html`
    <li class="thought card ${thought.kind}" data-id=${thought.id} data-kind=${thought.kind} aria-labelledby=${`thought-${thought.id}`}>
      <p class="facts">
        <span class="badge" id=${`thought-${thought.id}`}>${kindLabel(thought.kind)}</span>
        ${isImaginative(thought.kind) ? html`<span class="imaginative">imaginative — not something that happened</span>` : nothing}
        <span title=${absoluteTime(thought.ts)}>${relativeTime(thought.ts, now)}</span>
        <span>${sourceLabel(thought.source)}</span>
      </p>
      ${thought.topic ? html`<p class="topic">On: ${thought.topic}</p>` : nothing}
      <p class="text">${thought.text}</p>
      ${thought.cites.length > 0
        ? html`<details class="cites">
            <summary>${citesLabel(thought.cites.length)}</summary>
            <ul>
              ${thought.cites.map(
                (cite) => html`<li>
                  <button class="link cite" data-memory=${cite.id} aria-label=${`Open memory ${cite.preview || cite.id}`} @click=${() => openMemory(cite.id)}>${cite.preview || cite.id}</button>
                  ${cite.kind ? html`<span class="muted">${cite.kind}</span>` : nothing}
                </li>`,
              )}
            </ul>
          </details>`
        : nothing}
    </li>
  `;
}

/** Thoughts being written now, word by word; bound as text, never as markup. */
export function renderDrafts(drafts: readonly LiveDraft[], running: boolean) {
  return html`
    <div id="live-thoughts" role="status" aria-live="polite" aria-busy=${drafts.length > 0 ? 'true' : 'false'}>
      ${drafts.map(
        (d) => html`<div class="draft" data-draft=${d.draft}>
          <span class="badge">${`writing ${kindLabel(d.kind).toLowerCase()}…`}</span>
          ${isImaginative(d.kind) ? html`<span class="imaginative">imaginative</span>` : nothing}
          <p class="text">${d.text}</p>
        </div>`,
      )}
      ${drafts.length === 0 && running ? html`<p class="muted">Thinking…</p>` : nothing}
    </div>
  `;
}
