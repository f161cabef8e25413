import { html, nothing } from 'lit';
import type { ModelsViewState } from '../../src/protocol/modelsViewProtocol';
import { modelChoices, roleLabel, roleModelText, type Role, type RoleRow } from './modelsModel';
import { actionLabel } from '../shared/actionLabel';

export interface RoleActions {
  setModel(role: Role, model: string): void;
}

/** The model of each role, and for those the view may change, a select (tested models) or a text field. */
export function renderRoleList(state: ModelsViewState, actions: RoleActions) {
  const status = state.status;
  if (!status) return nothing;
  const editable = new Set(state.editableRoles ?? []);
  return html`
    <section id="roles-section" aria-labelledby="roles-heading">
      <h3 id="roles-heading">Model per role</h3>
      <ul id="roles" aria-label="Model per role">
        ${status.roles.map((row) => renderRoleRow(row, status.provider, editable.has(row.role) ? modelChoices(state, row) : undefined, actions))}
      </ul>
    </section>
  `;
}

/** One role; `choices` undefined: not changed from here (its setting is shown instead). */
export function renderRoleRow(row: RoleRow, provider: string, choices: string[] | undefined, actions: RoleActions) {
  const label = roleLabel(row.role);
  const inputId = `role-${row.role}-model`;
  const submit = (event: Event) => {
    event.preventDefault();
    const field = (event.currentTarget as HTMLFormElement).elements.namedItem('model') as HTMLInputElement | HTMLSelectElement | null;
    if (field) actions.setModel(row.role, field.value);
  };
  return html`
    <li class="role-row card" data-role=${row.role}>
      <div class="role-head">
        <h4>${label}</h4>
        <span class="role-model ${row.inherits ? 'muted' : ''}">${roleModelText(row, provider)}</span>
      </div>
      ${choices === undefined
        ? html`<p class="muted role-setting">Set in <code>${row.setting}</code>.</p>`
        : html`<form class="role-form" @submit=${submit}>
            <label for=${inputId} class="sr-only">${`Model for ${label.toLowerCase()}`}</label>
            ${choices.length > 0 ? renderSelect(row, inputId, choices) : renderText(row, inputId)}
            <vscode-button class="set-model" aria-label=${actionLabel('Set', `the ${label.toLowerCase()} model`)} @click=${(e: Event) => (e.currentTarget as HTMLElement).closest('form')?.requestSubmit()}>Set</vscode-button>
          </form>`}
    </li>
  `;
}

function renderSelect(row: RoleRow, id: string, choices: string[]) {
  const current = row.inherits ? '' : row.model;
  return html`<select id=${id} name="model">
    ${row.role === 'chat' || row.role === 'embedding' ? nothing : html`<option value="" ?selected=${current === ''}>uses the chat model</option>`}
    ${choices.map((name) => html`<option value=${name} ?selected=${name === current}>${name}</option>`)}
  </select>`;
}

function renderText(row: RoleRow, id: string) {
  return html`<input
    type="text"
    id=${id}
    name="model"
    .value=${row.inherits ? '' : row.model}
    placeholder=${row.role === 'chat' || row.role === 'embedding' ? 'model name' : 'empty: uses the chat model'}
    spellcheck="false"
  />`;
}
