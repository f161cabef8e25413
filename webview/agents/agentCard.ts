import { html, nothing } from 'lit';
import type { AgentInfo, AgentRunView, AgentsStatus } from '../../src/protocol/agentsProtocol';
import { absoluteTime } from '../shared/relativeTime';
import type { WrittenRecordPreviews } from '../../src/protocol/agentsViewProtocol';
import { nextRunText, outcomeLabel, runFacts, scheduleText, triggerLabel, writtenRecords } from './agentsModel';
import { actionLabel } from '../shared/actionLabel';

export interface AgentCardState {
  running: boolean;
  /** Run now was pressed and the run has not shown up yet. */
  starting: boolean;
  cancelling: boolean;
  error?: string;
}

export interface AgentCardActions {
  run(agent: AgentInfo): void;
  cancel(agent: AgentInfo): void;
  /** Opens a record a run wrote. */
  open(id: string): void;
}

/** One agent: what it does, its schedule in words, its last and next run, Run now and Cancel. */
export function renderAgentCard(agent: AgentInfo, status: AgentsStatus, card: AgentCardState, actions: AgentCardActions, now: Date, previews: WrittenRecordPreviews = {}) {
  const busy = card.running || card.starting;
  return html`
    <li class="agent-card card" data-agent=${agent.id} aria-labelledby=${`agent-${agent.id}-title`}>
      <div class="card-head">
        <h4 id=${`agent-${agent.id}-title`}>${agent.title}</h4>
        ${card.running ? html`<span class="badge running">running</span>` : card.starting ? html`<span class="badge">starting…</span>` : nothing}
      </div>
      <p class="muted">${agent.description}</p>
      <p class="facts">
        <span class="schedule" title=${agent.schedule ? `cron: ${agent.schedule}` : ''}>Runs ${scheduleText(agent)}</span>
        <span class="next-run" title=${agent.nextRun ? absoluteTime(agent.nextRun) : ''}>Next: ${nextRunText(agent, status, now)}</span>
      </p>
      ${agent.lastRun ? renderLastRun(agent.lastRun, now, previews, (id) => actions.open(id)) : html`<p class="last-run muted">Has not run yet.</p>`}
      <div class="actions">
        <vscode-button class="run-now" ?disabled=${busy} aria-label=${actionLabel(busy ? 'Running…' : 'Run now', agent.title)} @click=${() => actions.run(agent)}>
          ${busy ? 'Running…' : 'Run now'}
        </vscode-button>
        ${card.running
          ? html`<vscode-button class="cancel-run" secondary ?disabled=${card.cancelling} aria-label=${actionLabel(card.cancelling ? 'Cancelling…' : 'Cancel', `the ${agent.title} run`)} @click=${() => actions.cancel(agent)}>
              ${card.cancelling ? 'Cancelling…' : 'Cancel'}
            </vscode-button>`
          : nothing}
      </div>
      ${card.error ? html`<p class="error" role="alert">${card.error}</p>` : nothing}
    </li>
  `;
}

function renderLastRun(run: AgentRunView, now: Date, previews: WrittenRecordPreviews, open: (id: string) => void) {
  return html`
    <div class="last-run">
      <p class="facts">
        <span>Last run:</span>
        <span class=${outcomeTone(run.outcome)}>${outcomeLabel(run.outcome)}</span>
        ${runFacts(run, now).map((fact, i) => html`<span title=${i === 0 ? absoluteTime(run.end ?? run.start) : ''}>${fact}</span>`)}
      </p>
      ${run.summary ? html`<p class="summary">${run.summary}</p>` : nothing}
      ${renderWritten(run, previews, open)}
      ${run.error ? html`<p class="error">${run.error}</p>` : nothing}
    </div>
  `;
}

/** One line of the recent runs list. */
export function renderRecentRun(run: AgentRunView, title: string, now: Date, previews: WrittenRecordPreviews = {}, open: (id: string) => void = () => undefined) {
  return html`
    <li class="recent-run" data-run=${run.runId} data-agent=${run.agent}>
      <p class="facts">
        <strong>${title}</strong>
        <span class=${outcomeTone(run.outcome)}>${outcomeLabel(run.outcome)}</span>
        <span>${triggerLabel(run.trigger)}</span>
        ${runFacts(run, now).map((fact, i) => html`<span title=${i === 0 ? absoluteTime(run.end ?? run.start) : ''}>${fact}</span>`)}
      </p>
      ${run.summary ? html`<p class="summary">${run.summary}</p>` : nothing}
      ${renderWritten(run, previews, open)}
      ${run.error ? html`<p class="error">${run.error}</p>` : nothing}
    </li>
  `;
}

/** The records a run wrote, each opening as a memory; a forgotten one is named by its id. */
function renderWritten(run: AgentRunView, previews: WrittenRecordPreviews, open: (id: string) => void) {
  const { shown, more } = writtenRecords(run, previews);
  if (shown.length === 0) return nothing;
  return html`
    <ul class="written-records" aria-label="Records written">
      ${shown.map((record) =>
        record.known
          ? html`<li><button class="written-record link" data-id=${record.id} title=${`Open memory ${record.id}`} @click=${() => open(record.id)}>${record.label}</button></li>`
          : html`<li class="muted"><code>${record.id}</code> (not in the memory any more)</li>`,
      )}
      ${more > 0 ? html`<li class="written-more muted">and ${more} more</li>` : nothing}
    </ul>
  `;
}

export function outcomeTone(outcome: AgentRunView['outcome']): string {
  return outcome === 'ok' ? 'tone-ok' : outcome === 'error' ? 'tone-bad' : outcome === 'cancelled' || outcome === 'interrupted' ? 'tone-warn' : 'muted';
}
