import { html, nothing } from 'lit';
import type { MemoryListItem } from '../../src/protocol/memoryViewProtocol';
import { absoluteTime, relativeTime } from '../shared/relativeTime';
import { kindLabel, validationLabel } from './memoryModel';

export interface MemoryListActions {
  open: (id: string) => void;
  toggle: (id: string) => void;
}

/** The listed memories: a checkbox to select each, its text as the button that opens it, its facts. */
export function renderMemoryList(items: readonly MemoryListItem[], selection: ReadonlySet<string>, openId: string | undefined, actions: MemoryListActions, now: Date) {
  return html`<ul id="memory-list" aria-label="Memories">
    ${items.map((item) => renderItem(item, selection.has(item.id), item.id === openId, actions, now))}
  </ul>`;
}

function renderItem(item: MemoryListItem, selected: boolean, open: boolean, actions: MemoryListActions, now: Date) {
  const mark = validationLabel(item.validated);
  const short = item.text.length > 60 ? `${item.text.slice(0, 59)}…` : item.text;
  return html`<li class=${`memory-item card${open ? ' open' : ''}${item.validated === false ? ' wrong' : ''}`} data-id=${item.id}>
    <input type="checkbox" class="select" .checked=${selected} aria-label=${`Select: ${short}`} @change=${() => actions.toggle(item.id)} />
    <div class="item-body">
      <button class="memory-open link-button" aria-current=${open ? 'true' : 'false'} @click=${() => actions.open(item.id)}>${item.text}</button>
      <p class="facts">
        <span class="kind">${kindLabel(item.kind)}</span>
        <span class="when" title=${absoluteTime(item.ts)}>${relativeTime(item.ts, now)}</span>
        ${item.project ? html`<span class="project">${item.project}</span>` : nothing}
        ${item.tags.map((tag) => html`<span class="tag">#${tag}</span>`)}
        ${item.validated !== undefined ? html`<span class=${`validation tone-${mark.tone}`}>${mark.text}</span>` : nothing}
        ${item.corrected ? html`<span class="corrected">corrected</span>` : nothing}
        ${item.why ? html`<span class="why">${item.why}</span>` : nothing}
      </p>
    </div>
  </li>`;
}
