import { html, nothing } from 'lit';
import { PRIORITIES, priorityLabel } from './tasksModel';

export interface TaskDraft {
  title: string;
  /** 0: none; 1..4: P0..P3. */
  priority: number;
  /** YYYY-MM-DD or empty. */
  due: string;
}

/** The add form: title, priority and due date; Enter in the title adds. */
export function renderAddForm(draft: TaskDraft, state: { adding: boolean; error?: string }, on: { change(draft: TaskDraft): void; submit(): void }) {
  return html`<form id="task-add-form" class="add-form" aria-label="Add a task" @submit=${(e: Event) => {
    e.preventDefault();
    on.submit();
  }}>
    <label for="task-add-title" class="sr-only">New task</label>
    <input type="text" id="task-add-title" placeholder="Add a task…" maxlength="1000" .value=${draft.title} aria-invalid=${state.error ? 'true' : 'false'}
      @input=${(e: Event) => on.change({ ...draft, title: (e.target as HTMLInputElement).value })} />
    <div class="add-row">
      <label for="task-add-priority">Priority</label>
      <select id="task-add-priority" @change=${(e: Event) => on.change({ ...draft, priority: Number((e.target as HTMLSelectElement).value) })}>
        <option value="0" ?selected=${draft.priority === 0}>None</option>
        ${PRIORITIES.map((p) => html`<option value=${String(p)} ?selected=${draft.priority === p}>${priorityLabel(p)}</option>`)}
      </select>
      <label for="task-add-due">Due</label>
      <input type="date" id="task-add-due" .value=${draft.due} @change=${(e: Event) => on.change({ ...draft, due: (e.target as HTMLInputElement).value })} />
      <vscode-button id="task-add" ?disabled=${state.adding} @click=${() => on.submit()}>${state.adding ? 'Adding…' : 'Add'}</vscode-button>
    </div>
    ${state.error ? html`<p class="error" role="alert">${state.error}</p>` : nothing}
  </form>`;
}
