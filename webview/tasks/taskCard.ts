import { html, nothing } from 'lit';
import type { TaskProposal, TaskView } from '../../src/protocol/tasksProtocol';
import { relativeTime } from '../shared/relativeTime';
import { blockers, dependencyChoices, dueText, isFinished, openDependencies, PRIORITIES, priorityLabel, proposalStatusText, statusLabel } from './tasksModel';
import { actionLabel } from '../shared/actionLabel';

export interface TaskCardState {
  /** A request for this task is on its way. */
  busy?: boolean;
  /** Block was pressed: the reason field is shown. */
  blocking?: boolean;
  /** Complete was refused because these dependencies are open: ask before completing anyway. */
  confirmOpen?: { id: string; title: string }[];
  error?: string;
}

export interface TaskCardActions {
  setStatus(task: TaskView, status: TaskView['status'], extra?: { blockedReason?: string; confirmed?: boolean }): void;
  startBlocking(task: TaskView, on: boolean): void;
  dismissConfirm(task: TaskView): void;
  update(task: TaskView, change: { priority?: number; due?: string; dependsOn?: string[] }): void;
}

/** One task: its status, priority and due date, what blocks it, and the moves it can make. */
export function renderTaskCard(task: TaskView, tasks: readonly TaskView[], card: TaskCardState, actions: TaskCardActions, now: Date) {
  const titleId = `task-${task.id}-title`;
  const held = blockers(task, tasks);
  const due = task.due ? dueText(task.due, now) : undefined;
  return html`
    <li class=${`task-card card status-${task.status}`} data-task=${task.id} aria-labelledby=${titleId} aria-busy=${card.busy ? 'true' : 'false'}>
      <div class="card-head">
        <h4 id=${titleId} class="task-title">${task.title}</h4>
        ${task.priority ? html`<span class=${`badge priority p${task.priority - 1}`} title="Priority">${priorityLabel(task.priority)}</span>` : nothing}
      </div>
      <p class="facts">
        <span class="task-status">${statusLabel(task.status)}</span>
        ${due && !isFinished(task) ? html`<span class=${`task-due due-${due.tone}`}>${due.text}</span>` : nothing}
        ${task.project ? html`<span class="task-project">${task.project}</span>` : nothing}
        ${task.source !== 'user' ? html`<span class="task-source">added by ${task.source === 'skill:task' ? 'your twin (approved)' : task.source}</span>` : nothing}
        ${task.doneAt ? html`<span class="task-done-at">done ${relativeTime(task.doneAt, now)}</span>` : nothing}
      </p>
      ${held.length > 0 && !isFinished(task)
        ? html`<div class=${task.status === 'blocked' ? 'blockers banner warning' : 'blockers muted'}>
            <span>${task.status === 'blocked' ? 'Blocked by:' : 'Waits for:'}</span>
            <ul>${held.map((why) => html`<li>${why}</li>`)}</ul>
          </div>`
        : nothing}
      ${card.blocking ? renderBlockForm(task, actions, card) : nothing}
      ${card.confirmOpen ? renderConfirm(task, card.confirmOpen, actions, card) : nothing}
      <div class="actions">${renderMoves(task, card, actions)}</div>
      ${isFinished(task) ? nothing : renderEdit(task, tasks, card, actions)}
      ${card.error ? html`<p class="error" role="alert">${card.error}</p>` : nothing}
    </li>
  `;
}

function renderMoves(task: TaskView, card: TaskCardState, actions: TaskCardActions) {
  const disabled = card.busy === true;
  const button = (cls: string, label: string, run: () => void, secondary = true) =>
    html`<vscode-button class=${cls} ?secondary=${secondary} ?disabled=${disabled} aria-label=${actionLabel(label, `"${task.title}"`)} @click=${run}>${label}</vscode-button>`;
  if (isFinished(task)) return button('task-reopen', 'Reopen', () => actions.setStatus(task, 'open'));
  return html`
    ${task.status === 'in_progress' ? nothing : button('task-start', task.status === 'blocked' ? 'Unblock and start' : 'Start', () => actions.setStatus(task, 'in_progress'))}
    ${task.status === 'blocked' || card.blocking ? nothing : button('task-block', 'Block…', () => actions.startBlocking(task, true))}
    ${button('task-complete', 'Complete', () => actions.setStatus(task, 'done'), false)}
  `;
}

function renderBlockForm(task: TaskView, actions: TaskCardActions, card: TaskCardState) {
  const inputId = `task-${task.id}-block-reason`;
  const submit = (form: HTMLFormElement | null) => {
    const reason = form?.querySelector('input')?.value ?? '';
    actions.setStatus(task, 'blocked', { blockedReason: reason });
  };
  return html`<form class="block-form" @submit=${(e: Event) => {
    e.preventDefault();
    submit(e.currentTarget as HTMLFormElement);
  }}>
    <label for=${inputId}>What blocks it? (optional)</label>
    <input type="text" id=${inputId} class="block-reason" maxlength="1000" placeholder="waiting for the review" />
    <div class="actions">
      <vscode-button class="block-confirm" ?disabled=${card.busy === true} @click=${(e: Event) => submit((e.currentTarget as HTMLElement).closest('form'))}>Block</vscode-button>
      <vscode-button class="block-cancel" secondary @click=${() => actions.startBlocking(task, false)}>Cancel</vscode-button>
    </div>
  </form>`;
}

function renderConfirm(task: TaskView, open: { id: string; title: string }[], actions: TaskCardActions, card: TaskCardState) {
  return html`<div class="confirm banner warning" role="alertdialog" aria-label="Complete with open dependencies?">
    <p>${open.length === 1 ? 'A task it depends on is still open:' : `${open.length} tasks it depends on are still open:`}</p>
    <ul>${open.map((dep) => html`<li>${dep.title}</li>`)}</ul>
    <div class="actions">
      <vscode-button class="complete-anyway" ?disabled=${card.busy === true} @click=${() => actions.setStatus(task, 'done', { confirmed: true })}>Complete anyway</vscode-button>
      <vscode-button class="keep-open" secondary @click=${() => actions.dismissConfirm(task)}>Keep it open</vscode-button>
    </div>
  </div>`;
}

/** Priority, due date and dependencies, folded away so the list stays short. */
function renderEdit(task: TaskView, tasks: readonly TaskView[], card: TaskCardState, actions: TaskCardActions) {
  const id = (what: string) => `task-${task.id}-${what}`;
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const open = new Set(openDependencies(task, tasks).map((d) => d.id));
  const choices = dependencyChoices(task, tasks);
  return html`<details class="task-edit">
    <summary>Priority, due date, dependencies</summary>
    <div class="edit-grid">
      <label for=${id('priority')}>Priority</label>
      <select id=${id('priority')} class="task-priority" ?disabled=${card.busy === true} @change=${(e: Event) => actions.update(task, { priority: Number((e.target as HTMLSelectElement).value) })}>
        <option value="0" ?selected=${!task.priority}>None</option>
        ${PRIORITIES.map((p) => html`<option value=${String(p)} ?selected=${task.priority === p}>${priorityLabel(p)}</option>`)}
      </select>
      <label for=${id('due')}>Due</label>
      <input type="date" id=${id('due')} class="task-due-input" .value=${task.due?.slice(0, 10) ?? ''} ?disabled=${card.busy === true} @change=${(e: Event) => actions.update(task, { due: (e.target as HTMLInputElement).value })} />
    </div>
    <p class="muted">Depends on:</p>
    ${task.dependsOn.length === 0
      ? html`<p class="muted deps-none">Nothing.</p>`
      : html`<ul class="deps">
          ${task.dependsOn.map((dep) => {
            const title = byId.get(dep)?.title ?? dep;
            return html`<li class="dep">
              <span>${title}</span> <span class="muted">${open.has(dep) ? '(open)' : '(done)'}</span>
              <vscode-button class="dep-remove" secondary aria-label=${actionLabel('Remove', `the dependency on "${title}"`)} @click=${() => actions.update(task, { dependsOn: task.dependsOn.filter((d) => d !== dep) })}>Remove</vscode-button>
            </li>`;
          })}
        </ul>`}
    ${choices.length > 0
      ? html`<label for=${id('dep-add')}>Add a dependency</label>
          <select id=${id('dep-add')} class="dep-add" ?disabled=${card.busy === true} @change=${(e: Event) => {
            const value = (e.target as HTMLSelectElement).value;
            if (value) actions.update(task, { dependsOn: [...task.dependsOn, value] });
          }}>
            <option value="" selected>Choose a task…</option>
            ${choices.map((t) => html`<option value=${t.id}>${t.title}</option>`)}
          </select>`
      : nothing}
  </details>`;
}

/** A twin's proposal: what it would add, who proposed it and why, and where to answer it. */
export function renderProposal(proposal: TaskProposal, show: (proposal: TaskProposal) => void, now: Date) {
  return html`<li class="proposal-card card" data-proposal=${proposal.id}>
    <div class="card-head">
      <h4 class="proposal-title">${proposal.title}</h4>
      <span class="badge proposed">${proposal.status === 'suggested' ? 'suggestion' : 'proposal'}</span>
    </div>
    <p class="facts">
      <span>${proposalStatusText(proposal)}</span>
      <span>${relativeTime(proposal.createdAt, now)}</span>
      ${proposal.priority ? html`<span>${priorityLabel(proposal.priority)}</span>` : nothing}
      ${proposal.due ? html`<span>${dueText(proposal.due, now).text}</span>` : nothing}
    </p>
    ${proposal.reason ? html`<p class="proposal-reason">${proposal.reason}</p>` : nothing}
    <div class="actions">
      <vscode-button class="show-proposal" secondary aria-label=${actionLabel('Review in Approvals', `"${proposal.title}"`)} @click=${() => show(proposal)}>Review in Approvals</vscode-button>
    </div>
  </li>`;
}
