import { html, nothing } from 'lit';
import type { AuditEntryView } from '../../src/protocol/auditProtocol';
import { absoluteTime, relativeTime } from '../shared/relativeTime';
import { categoryLabel, entryJson, keyFields, typeLabel } from './auditModel';

/**
 * One audit entry: when, what type, its category, who wrote it and its identifying fields, with the
 * whole record as JSON behind a disclosure. Every value is bound as text.
 */
export function renderAuditEntry(entry: AuditEntryView, now: Date, fresh = false) {
  const id = `entry-${entry.key.replace(/[^\w-]/g, '-')}`;
  return html`
    <li class="audit-entry card category-${entry.category}${fresh ? ' fresh' : ''}" data-key=${entry.key} aria-labelledby=${`${id}-title`}>
      <div class="entry-head">
        <h4 id=${`${id}-title`} class="entry-type">${typeLabel(entry.type)}</h4>
        <span class="badge category">${categoryLabel(entry.category)}</span>
        ${fresh ? html`<span class="badge new">new</span>` : nothing}
      </div>
      <p class="facts">
        <time class="entry-time" datetime=${entry.ts} title=${absoluteTime(entry.ts)}>${relativeTime(entry.ts, now)}</time>
        <span class="entry-actor">by ${entry.actor}</span>
      </p>
      ${renderKeyFields(entry)}
      <details class="entry-json">
        <summary>Full entry</summary>
        <pre>${entryJson(entry)}</pre>
      </details>
    </li>
  `;
}

function renderKeyFields(entry: AuditEntryView) {
  const fields = keyFields(entry);
  if (fields.length === 0) return nothing;
  return html`<dl class="key-fields">
    ${fields.map((f) => html`<div class="field field-${f.name}"><dt>${f.label}</dt><dd>${f.text}</dd></div>`)}
  </dl>`;
}
