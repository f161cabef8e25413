import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { AgentActivityNotification, AgentCancelRequest, AgentsPauseRequest, AgentsStatusRequest, type AgentInfo, type AgentsStatus } from '../../src/protocol/agentsProtocol';
import { AgentsViewOpenMemoryCommand, AgentsViewRunCommand, AgentsViewStateNotification, AgentsViewStateSchema, type AgentsViewState } from '../../src/protocol/agentsViewProtocol';
import type { Messenger } from '../../src/protocol/messenger';
import { ClockController } from '../shared/clockController';
import { readInitialState } from '../shared/initialState';
import { viewStyles } from '../shared/viewStyles.css';
import { renderAgentCard, renderRecentRun } from './agentCard';
import { agentsAppStyles } from './mhAgentsApp.css';
import { applyActivity, budgetText, reconcileLive, runningAgents, schedulingState, type AgentActivity, type LiveRun } from './agentsModel';
import { renderLiveOutput } from './liveOutput';
import { errorState, loadingState } from '../shared/viewStates';
import { HostConnection } from '../shared/hostConnection';

type AgentId = AgentInfo['id'];

/**
 * The agents view: where the schedules run, the model-call budget and the pause switch; a card per
 * agent with Run now and Cancel; the live output of runs; recent runs. State comes only from the
 * host (the page's initial state, then `agentsView/state` and `agents/activity` pushes).
 */
@customElement('mh-agents-app')
export class MhAgentsApp extends LitElement {
  static override styles = [viewStyles, agentsAppStyles];

  @state() private view: AgentsViewState = readInitialState(AgentsViewStateSchema) ?? {};
  @state() private live: LiveRun[] = [];
  @state() private pausing = false;
  @state() private retrying = false;
  @state() private headerError: string | undefined;
  @state() private starting = new Set<AgentId>();
  @state() private cancelling = new Set<AgentId>();
  @state() private cardErrors: Partial<Record<AgentId, string>> = {};
  /** A control to focus after the next render (the button that replaced the one just pressed). */
  private focusNext: string | undefined;
  private readonly connection = new HostConnection(this, (messenger) => {
    messenger.onNotification(AgentsViewStateNotification, (next) => this.receiveState(next));
    messenger.onNotification(AgentActivityNotification, (activity) => this.receiveActivity(activity));
  });

  private get messenger(): Messenger | undefined {
    return this.connection.messenger;
  }

  private readonly clock = new ClockController(this);

  private receiveState(next: AgentsViewState): void {
    this.view = next;
    this.clock.tick();
    this.starting = new Set();
    if (next.status) {
      this.live = reconcileLive(this.live, next.status);
      const running = runningAgents(next.status, this.live);
      this.cancelling = new Set([...this.cancelling].filter((id) => running.has(id)));
    }
    if (!next.error) this.headerError = undefined;
  }

  private receiveActivity(activity: AgentActivity): void {
    this.live = applyActivity(this.live, activity);
    if (this.starting.has(activity.agent)) this.starting = without(this.starting, activity.agent);
    if (activity.event.type === 'done') {
      this.cancelling = without(this.cancelling, activity.agent);
      if (this.shadowRoot?.activeElement?.classList.contains('cancel-run')) this.focusNext = `.agent-card[data-agent="${activity.agent}"] .run-now`;
    }
  }

  private run(agent: AgentInfo): void {
    if (!this.messenger) return;
    this.setCardError(agent.id, undefined);
    this.starting = new Set(this.starting).add(agent.id);
    this.focusNext = `.agent-card[data-agent="${agent.id}"] .cancel-run`;
    this.messenger.command(AgentsViewRunCommand, { agent: agent.id });
  }

  private async cancel(agent: AgentInfo): Promise<void> {
    if (!this.messenger) return;
    this.setCardError(agent.id, undefined);
    this.cancelling = new Set(this.cancelling).add(agent.id);
    try {
      const { cancelled } = await this.messenger.request(AgentCancelRequest, { agent: agent.id });
      if (!cancelled) {
        this.setCardError(agent.id, `${agent.title} was not running any more; nothing to cancel.`);
        this.cancelling = without(this.cancelling, agent.id);
      }
    } catch (error) {
      this.setCardError(agent.id, `Could not cancel ${agent.title}: ${errorText(error)}`);
      this.cancelling = without(this.cancelling, agent.id);
    }
  }

  private openMemory(id: string): void {
    this.messenger?.command(AgentsViewOpenMemoryCommand, { id });
  }

  private async togglePause(paused: boolean): Promise<void> {
    if (!this.messenger || this.pausing) return;
    this.pausing = true;
    this.headerError = undefined;
    try {
      await this.messenger.request(AgentsPauseRequest, { paused: !paused });
    } catch (error) {
      this.headerError = `Could not ${paused ? 'resume' : 'pause'} the agents: ${errorText(error)}`;
    } finally {
      this.pausing = false;
    }
  }

  private async retry(): Promise<void> {
    if (!this.messenger || this.retrying) return;
    this.retrying = true;
    this.headerError = undefined;
    try {
      this.receiveState({ status: await this.messenger.request(AgentsStatusRequest, {}) });
    } catch (error) {
      this.headerError = `Still no answer: ${errorText(error)}`;
    } finally {
      this.retrying = false;
    }
  }

  private setCardError(agent: AgentId, message: string | undefined): void {
    const next = { ...this.cardErrors };
    if (message) next[agent] = message;
    else delete next[agent];
    this.cardErrors = next;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (!this.focusNext) return;
    const target = this.shadowRoot?.querySelector<HTMLElement>(this.focusNext);
    if (target) {
      target.focus();
      this.focusNext = undefined;
    }
  }

  override render() {
    const { status, error } = this.view;
    return html`
      <h2>Agents</h2>
      ${error ? this.renderError(error) : nothing}
      ${status ? this.renderStatus(status) : error ? nothing : this.renderLoading()}
    `;
  }

  private renderLoading() {
    return loadingState("Waiting for the agents' state from the engine…");
  }

  private renderError(error: string) {
    return html`${errorState({
        error,
        hint: "The engine may still be starting or may have stopped; the MetaHuman chat view's Engine section shows why and runs diagnostics.",
        retry: () => void this.retry(),
        retrying: this.retrying,
      })}
      ${!this.view.status && this.headerError ? html`<p class="error" role="alert">${this.headerError}</p>` : nothing}`;
  }

  private renderStatus(status: AgentsStatus) {
    const scheduling = schedulingState(status);
    const budget = budgetText(status);
    const running = runningAgents(status, this.live);
    const titleOf = (id: string) => status.agents.find((a) => a.id === id)?.title ?? id;
    return html`
      <section class="header" aria-label="Scheduling">
        <p id="scheduling" class=${scheduling.paused ? 'banner warning' : 'banner'} role="status" aria-live="polite">${scheduling.label}</p>
        <p id="budget" class=${budget.spent ? 'tone-warn' : 'muted'}>${budget.text}</p>
        <div class="actions">
          <vscode-button id="pause-agents" ?secondary=${!scheduling.paused} ?disabled=${this.pausing} @click=${() => void this.togglePause(scheduling.paused)}>
            ${this.pausing ? (scheduling.paused ? 'Resuming…' : 'Pausing…') : scheduling.paused ? 'Resume agents' : 'Pause agents'}
          </vscode-button>
        </div>
        ${this.headerError ? html`<p class="error" role="alert">${this.headerError}</p>` : nothing}
      </section>
      ${status.agents.length === 0
        ? html`<p id="agents-empty" class="muted">This engine has no agents yet. They appear here once the engine registers them; the organizer, reflector, dreamer, boredom, sleep and ingestor agents come with MetaHuman.</p>`
        : html`<ul id="agents-list" aria-label="Agents">
            ${status.agents.map((agent) =>
              renderAgentCard(
                agent,
                status,
                { running: running.has(agent.id), starting: this.starting.has(agent.id), cancelling: this.cancelling.has(agent.id), ...(this.cardErrors[agent.id] ? { error: this.cardErrors[agent.id] } : {}) },
                { run: (a) => this.run(a), cancel: (a) => void this.cancel(a), open: (id) => this.openMemory(id) },
                this.clock.now,
                this.view.records,
              ),
            )}
          </ul>`}
      <section aria-labelledby="live-heading">
        <div class="section-head">
          <h3 id="live-heading">Live output</h3>
          ${this.live.some((r) => r.state !== 'running')
            ? html`<vscode-button id="clear-output" secondary aria-label="Clear the output of finished runs" @click=${() => (this.live = this.live.filter((r) => r.state === 'running'))}>Clear</vscode-button>`
            : nothing}
        </div>
        ${renderLiveOutput(this.live, titleOf)}
      </section>
      <section aria-labelledby="recent-heading">
        <h3 id="recent-heading">Recent runs</h3>
        ${status.recentRuns.length === 0
          ? html`<p class="muted">No runs recorded yet.</p>`
          : html`<ul id="recent-runs">${status.recentRuns.map((run) => renderRecentRun(run, titleOf(run.agent), this.clock.now, this.view.records, (id) => this.openMemory(id)))}</ul>`}
      </section>
    `;
  }
}

function without<T>(set: ReadonlySet<T>, item: T): Set<T> {
  const next = new Set(set);
  next.delete(item);
  return next;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

declare global {
  interface HTMLElementTagNameMap {
    'mh-agents-app': MhAgentsApp;
  }
}
