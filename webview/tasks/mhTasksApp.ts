import { LitElement, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { Messenger } from '../../src/protocol/messenger';
import { TasksAddRequest, TasksListRequest, TasksSetStatusRequest, TasksUpdateRequest, type TaskProposal, type TaskView } from '../../src/protocol/tasksProtocol';
import { TasksViewShowProposalCommand, TasksViewStateNotification, TasksViewStateSchema, type TasksViewState } from '../../src/protocol/tasksViewProtocol';
import { ClockController } from '../shared/clockController';
import { readInitialState } from '../shared/initialState';
import { viewStyles } from '../shared/viewStyles.css';
import { tasksAppStyles } from './mhTasksApp.css';
import { renderAddForm, type TaskDraft } from './addTaskForm';
import { renderProposal, renderTaskCard, type TaskCardActions, type TaskCardState } from './taskCard';
import { draftProblem, groupTasks } from './tasksModel';
import { errorState, loadingState } from '../shared/viewStates';
import { HostConnection } from '../shared/hostConnection';

const EMPTY_DRAFT: TaskDraft = { title: '', priority: 0, due: '' };

/**
 * The tasks view: add a task; the twin's proposals apart ("Proposed by your twin", answered in the
 * approvals view); then in progress, blocked, open and done, each task with its moves. State comes
 * only from the host (the page's initial state, then `tasksView/state` pushes).
 */
@customElement('mh-tasks-app')
export class MhTasksApp extends LitElement {
  static override styles = [viewStyles, tasksAppStyles];

  @state() private view: TasksViewState = readInitialState(TasksViewStateSchema) ?? {};
  @state() private cards: Record<string, TaskCardState> = {};
  @state() private draft: TaskDraft = EMPTY_DRAFT;
  @state() private adding = false;
  @state() private addError: string | undefined;
  @state() private announcement = '';
  @state() private retrying = false;
  private readonly connection = new HostConnection(this, (messenger) => {
    messenger.onNotification(TasksViewStateNotification, (next) => {
      this.view = next;
      this.clock.tick();
    });
  });

  private get messenger(): Messenger | undefined {
    return this.connection.messenger;
  }

  private readonly clock = new ClockController(this);

  private setCard(id: string, next: TaskCardState | undefined): void {
    const cards = { ...this.cards };
    if (next) cards[id] = next;
    else delete cards[id];
    this.cards = cards;
  }

  private async add(): Promise<void> {
    if (!this.messenger || this.adding) return;
    const problem = draftProblem(this.draft);
    this.addError = problem;
    if (problem) return;
    this.adding = true;
    try {
      const { title, priority, due } = this.draft;
      const task = await this.messenger.request(TasksAddRequest, { title: title.trim(), ...(priority ? { priority } : {}), ...(due ? { due } : {}) });
      this.draft = EMPTY_DRAFT;
      this.announcement = `Added "${task.title}".`;
    } catch (error) {
      this.addError = `Could not add the task: ${errorText(error)}`;
    } finally {
      this.adding = false;
    }
  }

  private readonly actions: TaskCardActions = {
    setStatus: (task, status, extra = {}) => void this.move(task, status, extra),
    startBlocking: (task, on) => this.setCard(task.id, on ? { ...this.cards[task.id], blocking: true } : undefined),
    dismissConfirm: (task) => this.setCard(task.id, undefined),
    update: (task, change) => void this.changeTask(task, change),
  };

  private async move(task: TaskView, status: TaskView['status'], extra: { blockedReason?: string; confirmed?: boolean }): Promise<void> {
    if (!this.messenger) return;
    this.setCard(task.id, { ...this.cards[task.id], busy: true, error: undefined });
    try {
      const result = await this.messenger.request(TasksSetStatusRequest, { id: task.id, status, ...extra });
      if (!result.changed) {
        this.setCard(task.id, { confirmOpen: result.openDependencies.map((d) => ({ id: d.id, title: d.title })) });
        return;
      }
      this.setCard(task.id, undefined);
      this.announcement = `"${task.title}" is now ${status === 'in_progress' ? 'in progress' : status}.`;
    } catch (error) {
      this.setCard(task.id, { error: `Could not change "${task.title}": ${errorText(error)}` });
    }
  }

  private async changeTask(task: TaskView, change: { priority?: number; due?: string; dependsOn?: string[] }): Promise<void> {
    if (!this.messenger) return;
    this.setCard(task.id, { busy: true });
    try {
      await this.messenger.request(TasksUpdateRequest, { id: task.id, ...change });
      this.setCard(task.id, undefined);
    } catch (error) {
      this.setCard(task.id, { error: `Could not change "${task.title}": ${errorText(error)}` });
    }
  }

  private showProposal(proposal: TaskProposal): void {
    this.messenger?.command(TasksViewShowProposalCommand, { id: proposal.id });
  }

  private async retry(): Promise<void> {
    if (!this.messenger || this.retrying) return;
    this.retrying = true;
    try {
      this.view = { state: await this.messenger.request(TasksListRequest, {}) };
    } catch (error) {
      this.view = { error: `Still no answer: ${errorText(error)}` };
    } finally {
      this.retrying = false;
    }
  }

  override render() {
    const { state: tasks, error } = this.view;
    return html`
      <h2>Tasks</h2>
      <p class="sr-only" role="status" aria-live="polite">${this.announcement}</p>
      ${renderAddForm(this.draft, { adding: this.adding, error: this.addError }, {
        change: (draft) => (this.draft = draft),
        submit: () => void this.add(),
      })}
      ${error ? this.renderError(error) : nothing}
      ${tasks ? this.renderTasks(tasks.tasks, tasks.proposals) : error ? nothing : loadingState('Loading your tasks…')}
    `;
  }

  private renderError(error: string) {
    return errorState({
      error,
      hint: 'The engine may still be starting or may have stopped; "MetaHuman: Show Status" tells why.',
      retry: () => void this.retry(),
      retrying: this.retrying,
      retryId: 'tasks-retry',
    });
  }

  private renderTasks(tasks: TaskView[], proposals: TaskProposal[]) {
    const groups = groupTasks(tasks);
    const now = this.clock.now;
    const section = (id: string, title: string, list: TaskView[], empty?: string) =>
      list.length === 0 && !empty
        ? nothing
        : html`<section aria-labelledby=${`${id}-heading`}>
            <h3 id=${`${id}-heading`}>${title} <span class="muted">(${list.length})</span></h3>
            ${list.length === 0 ? html`<p class="muted">${empty}</p>` : html`<ul id=${id}>${list.map((t) => renderTaskCard(t, tasks, this.cards[t.id] ?? {}, this.actions, now))}</ul>`}
          </section>`;
    return html`
      ${proposals.length > 0
        ? html`<section aria-labelledby="proposals-heading">
            <h3 id="proposals-heading">Proposed by your twin <span class="muted">(${proposals.length})</span></h3>
            <p class="muted">Not tasks yet: each becomes one only when you approve it.</p>
            <ul id="proposals">${proposals.map((p) => renderProposal(p, (x) => this.showProposal(x), now))}</ul>
          </section>`
        : nothing}
      ${tasks.length === 0 ? html`<p id="tasks-empty" class="muted">No tasks yet. Add one above; tasks your twin proposes (from "TODO:" or "remind me to…" in your notes) wait in "Proposed by your twin" until you approve them.</p>` : nothing}
      ${section('tasks-in-progress', 'In progress', groups.inProgress)}
      ${section('tasks-blocked', 'Blocked', groups.blocked)}
      ${section('tasks-open', 'Open', groups.open, tasks.length > 0 ? 'Nothing open.' : undefined)}
      ${groups.done.length > 0
        ? html`<details id="tasks-done-section"><summary>Done and cancelled (${groups.done.length})</summary>
            <ul id="tasks-done">${groups.done.slice(0, 50).map((t) => renderTaskCard(t, tasks, this.cards[t.id] ?? {}, this.actions, now))}</ul>
          </details>`
        : nothing}
    `;
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

declare global {
  interface HTMLElementTagNameMap {
    'mh-tasks-app': MhTasksApp;
  }
}
