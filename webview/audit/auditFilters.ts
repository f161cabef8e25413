import { html } from 'lit';
import { AUDIT_CATEGORIES, type AuditCategory } from '../../src/protocol/auditCategories';
import { categoryLabel, toggleCategory, type AuditFilter } from './auditModel';

export interface AuditFilterActions {
  change(filter: AuditFilter): void;
}

/** The search box (words in any field) and one checkbox per category; none checked shows all. */
export function renderAuditFilters(filter: AuditFilter, actions: AuditFilterActions) {
  const toggle = (category: AuditCategory, event: Event) => actions.change(toggleCategory(filter, category, (event.target as HTMLInputElement).checked));
  return html`
    <form class="audit-filters" role="search" @submit=${(e: Event) => e.preventDefault()}>
      <label class="search-label" for="audit-search">Search</label>
      <input
        id="audit-search"
        type="text"
        placeholder="Words in any field: skill, id, model…"
        .value=${filter.text}
        @input=${(e: Event) => actions.change({ ...filter, text: (e.target as HTMLInputElement).value })}
      />
      <fieldset class="categories">
        <legend>Categories <span class="muted">(none checked: all)</span></legend>
        ${AUDIT_CATEGORIES.map(
          (category) => html`<label class="chip">
            <input type="checkbox" class="category-filter" data-category=${category} .checked=${filter.categories.includes(category)} @change=${(e: Event) => toggle(category, e)} />${categoryLabel(category)}
          </label>`,
        )}
      </fieldset>
    </form>
  `;
}
