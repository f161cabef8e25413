import { html, nothing, type TemplateResult } from 'lit';
import type { Persona } from '../../src/protocol/personaProtocol';
import { goalIdFor, linesToList, listToLines, numberOrText, optionalText, problemId } from './personaModel';

/** What the form's fields need: the draft, the problems per path, and how to change the draft. */
export interface PersonaFormContext {
  draft: Persona;
  problems: Map<string, string[]>;
  edit(path: string, value: unknown): void;
  add(path: string, item: unknown): void;
  remove(path: string, index: number): void;
  /** Filled while rendering: every path that has a place for its problems. */
  shown: Set<string>;
}

const FORMALITY = ['casual', 'neutral', 'formal'] as const;
const VERBOSITY = ['terse', 'balanced', 'detailed'] as const;
const HUMOUR = ['none', 'light', 'playful'] as const;
const HORIZONS = ['short', 'mid', 'long'] as const;
const STATUSES = ['active', 'paused', 'done', 'dropped'] as const;

export function fieldId(path: string): string {
  return `field-${path.replace(/[^a-zA-Z0-9]+/g, '-')}`;
}

/** The problems of one path, next to its field; the field points at them with aria-describedby. */
export function renderProblems(ctx: PersonaFormContext, path: string) {
  ctx.shown.add(path);
  const messages = ctx.problems.get(path);
  if (!messages) return nothing;
  return html`<p id=${problemId(path)} class="field-problem error">${messages.join('; ')}</p>`;
}

interface TextOptions {
  multiline?: boolean;
  placeholder?: string;
  hint?: string;
  /** From the input's text to the stored value (default: the text). */
  parse?: (text: string) => unknown;
  /** Lists are read when the field is left: read while typing, a new empty line would vanish under the cursor. */
  onChange?: boolean;
}

function textField(ctx: PersonaFormContext, path: string, label: string, value: string, options: TextOptions = {}) {
  const invalid = ctx.problems.has(path);
  const id = fieldId(path);
  const parse = options.parse ?? ((text: string) => text);
  const onInput = (event: Event) => ctx.edit(path, parse((event.target as HTMLInputElement | HTMLTextAreaElement).value));
  const describedBy = invalid ? problemId(path) : nothing;
  return html`<div class="field">
    <label for=${id}>${label}</label>
    ${options.hint ? html`<span class="hint muted">${options.hint}</span>` : nothing}
    ${options.multiline
      ? html`<textarea
          id=${id}
          rows="3"
          .value=${value}
          placeholder=${options.placeholder ?? nothing}
          aria-invalid=${invalid ? 'true' : 'false'}
          aria-describedby=${describedBy}
          @input=${options.onChange ? nothing : onInput}
          @change=${options.onChange ? onInput : nothing}
        ></textarea>`
      : html`<input id=${id} type="text" .value=${value} placeholder=${options.placeholder ?? nothing} aria-invalid=${invalid ? 'true' : 'false'} aria-describedby=${describedBy} @input=${onInput} />`}
    ${renderProblems(ctx, path)}
  </div>`;
}

function listField(ctx: PersonaFormContext, path: string, label: string, list: readonly string[], hint = 'One per line.') {
  // Problems of single items (`boundaries.topics.2`) are shown with the list.
  const itemPaths = [...ctx.problems.keys()].filter((p) => p.startsWith(`${path}.`));
  itemPaths.forEach((p) => ctx.shown.add(p));
  const itemProblems = itemPaths.flatMap((p) => ctx.problems.get(p)!.map((m) => `line ${Number(p.slice(path.length + 1)) + 1} ${m}`));
  const withItems = itemProblems.length > 0 ? new Map(ctx.problems).set(path, [...(ctx.problems.get(path) ?? []), ...itemProblems]) : ctx.problems;
  return textField({ ...ctx, problems: withItems }, path, label, listToLines(list), { multiline: true, hint, parse: linesToList, onChange: true });
}

function selectField(ctx: PersonaFormContext, path: string, label: string, value: string, options: readonly string[]) {
  const id = fieldId(path);
  const invalid = ctx.problems.has(path);
  return html`<div class="field">
    <label for=${id}>${label}</label>
    <select id=${id} aria-invalid=${invalid ? 'true' : 'false'} aria-describedby=${invalid ? problemId(path) : nothing} @change=${(e: Event) => ctx.edit(path, (e.target as HTMLSelectElement).value)}>
      ${options.map((option) => html`<option value=${option} ?selected=${option === value}>${option}</option>`)}
    </select>
    ${renderProblems(ctx, path)}
  </div>`;
}

function section(id: string, title: string, body: TemplateResult | TemplateResult[], ctx: PersonaFormContext, path?: string) {
  return html`<section class="form-section card" aria-labelledby=${`${id}-heading`}>
    <h3 id=${`${id}-heading`}>${title}</h3>
    ${path ? renderProblems(ctx, path) : nothing} ${body}
  </section>`;
}

function removeButton(label: string, onClick: () => void) {
  return html`<vscode-button class="remove-item" secondary aria-label=${label} @click=${onClick}>Remove</vscode-button>`;
}

export function renderIdentity(ctx: PersonaFormContext) {
  const identity = ctx.draft.identity;
  return section(
    'identity',
    'Identity',
    html`${textField(ctx, 'identity.name', 'Name', identity.name)} ${textField(ctx, 'identity.role', 'Role', identity.role, { placeholder: 'e.g. Staff engineer' })}
    ${textField(ctx, 'identity.purpose', 'Purpose', identity.purpose, { multiline: true })} ${listField(ctx, 'identity.aliases', 'Other names', identity.aliases)}`,
    ctx,
    'identity',
  );
}

export function renderCommunication(ctx: PersonaFormContext) {
  const c = ctx.draft.personality.communication;
  const base = 'personality.communication';
  return section(
    'communication',
    'Communication style',
    html`${textField(ctx, `${base}.tone`, 'Tone', c.tone, { placeholder: 'e.g. direct and warm' })}
      <div class="row">
        ${selectField(ctx, `${base}.formality`, 'Formality', c.formality, FORMALITY)} ${selectField(ctx, `${base}.verbosity`, 'Verbosity', c.verbosity, VERBOSITY)}
        ${selectField(ctx, `${base}.humour`, 'Humour', c.humour, HUMOUR)}
      </div>`,
    ctx,
    base,
  );
}

export function renderValues(ctx: PersonaFormContext) {
  const values = ctx.draft.values;
  return section(
    'values',
    'Values',
    html`${values.length === 0 ? html`<p class="muted">No values yet. Add what matters most; priority 1 is the highest.</p>` : nothing}
      <ul class="items" aria-label="Values">
        ${values.map(
          (value, i) => html`<li class="item value-item card">
            ${renderProblems(ctx, `values.${i}`)}
            <div class="row">
              ${textField(ctx, `values.${i}.name`, 'Value', value.name)} ${textField(ctx, `values.${i}.priority`, 'Priority (1 highest)', String(value.priority), { parse: numberOrText })}
            </div>
            ${textField(ctx, `values.${i}.description`, 'Why it matters', value.description ?? '', { parse: optionalText })}
            ${removeButton(`Remove the value ${value.name || i + 1}`, () => ctx.remove('values', i))}
          </li>`,
        )}
      </ul>
      <vscode-button id="add-value" secondary @click=${() => ctx.add('values', { name: '', priority: values.length + 1 })}>Add value</vscode-button>`,
    ctx,
    'values',
  );
}

export function renderGoals(ctx: PersonaFormContext) {
  const goals = ctx.draft.goals;
  const addGoal = () => ctx.add('goals', { id: goalIdFor('goal', goals.map((g) => g.id)), text: '', horizon: 'short', status: 'active' });
  return section(
    'goals',
    'Goals',
    html`${goals.length === 0 ? html`<p class="muted">No goals yet.</p>` : nothing}
      <ul class="items" aria-label="Goals">
        ${goals.map(
          (goal, i) => html`<li class="item goal-item card" data-goal=${goal.id}>
            ${renderProblems(ctx, `goals.${i}`)} ${textField(ctx, `goals.${i}.text`, 'Goal', goal.text)}
            <div class="row">
              ${selectField(ctx, `goals.${i}.status`, 'Status', goal.status, STATUSES)} ${selectField(ctx, `goals.${i}.horizon`, 'Horizon', goal.horizon, HORIZONS)}
              ${textField(ctx, `goals.${i}.due`, 'Due', goal.due ?? '', { placeholder: 'YYYY-MM-DD', parse: optionalText })}
            </div>
            ${textField(ctx, `goals.${i}.id`, 'Id', goal.id, { hint: 'Lowercase letters, digits and dashes; links reflections and tasks to the goal.' })}
            ${removeButton(`Remove the goal ${goal.text || goal.id}`, () => ctx.remove('goals', i))}
          </li>`,
        )}
      </ul>
      <vscode-button id="add-goal" secondary @click=${addGoal}>Add goal</vscode-button>`,
    ctx,
    'goals',
  );
}

export function renderRoutines(ctx: PersonaFormContext) {
  const r = ctx.draft.routines;
  return section(
    'routines',
    'Routines',
    html`${textField(ctx, 'routines.timezone', 'Time zone', r.timezone ?? '', { placeholder: 'e.g. Europe/Paris', hint: "Empty means this machine's.", parse: optionalText })}
      <fieldset>
        <legend>Sleep window</legend>
        ${renderProblems(ctx, 'routines.sleepWindow')}
        <div class="row">
          ${textField(ctx, 'routines.sleepWindow.start', 'From', r.sleepWindow.start, { placeholder: 'HH:MM' })} ${textField(ctx, 'routines.sleepWindow.end', 'To', r.sleepWindow.end, { placeholder: 'HH:MM' })}
        </div>
      </fieldset>
      <fieldset>
        <legend>Work hours</legend>
        ${renderProblems(ctx, 'routines.workHours')}
        <div class="row">
          ${textField(ctx, 'routines.workHours.start', 'From', r.workHours.start, { placeholder: 'HH:MM' })} ${textField(ctx, 'routines.workHours.end', 'To', r.workHours.end, { placeholder: 'HH:MM' })}
        </div>
      </fieldset>
      <fieldset>
        <legend>Quiet hours</legend>
        ${renderProblems(ctx, 'routines.quietHours')}
        ${r.quietHours.length === 0 ? html`<p class="muted">None: the twin may notify at any time outside sleep.</p>` : nothing}
        <ul class="items" aria-label="Quiet hours">
          ${r.quietHours.map(
            (window, i) => html`<li class="item quiet-item">
              ${renderProblems(ctx, `routines.quietHours.${i}`)}
              <div class="row">
                ${textField(ctx, `routines.quietHours.${i}.start`, 'From', window.start, { placeholder: 'HH:MM' })}
                ${textField(ctx, `routines.quietHours.${i}.end`, 'To', window.end, { placeholder: 'HH:MM' })}
                ${removeButton(`Remove quiet hours ${window.start}–${window.end}`, () => ctx.remove('routines.quietHours', i))}
              </div>
            </li>`,
          )}
        </ul>
        <vscode-button id="add-quiet-hours" secondary @click=${() => ctx.add('routines.quietHours', { start: '12:00', end: '13:00' })}>Add quiet hours</vscode-button>
      </fieldset>`,
    ctx,
    'routines',
  );
}

export function renderBoundaries(ctx: PersonaFormContext) {
  const b = ctx.draft.boundaries;
  return section(
    'boundaries',
    'Boundaries',
    html`${listField(ctx, 'boundaries.topics', 'Topics never to raise', b.topics)} ${listField(ctx, 'boundaries.actions', 'Actions never to take', b.actions)}`,
    ctx,
    'boundaries',
  );
}

/** Every section of the form, in reading order. */
export function renderPersonaForm(ctx: PersonaFormContext) {
  return [renderIdentity(ctx), renderValues(ctx), renderGoals(ctx), renderCommunication(ctx), renderRoutines(ctx), renderBoundaries(ctx)];
}
