import { html, nothing } from 'lit';
import { formatDuration } from '../shared/relativeTime';
import { isStreaming, outcomeLabel, type LiveLine, type LiveRun } from './agentsModel';

/**
 * The live output panel: each run's progress lines and the text of the records it writes, as it
 * streams. Everything is bound as text (Lit escapes it): model output is never markup here.
 */
export function renderLiveOutput(runs: readonly LiveRun[], titleOf: (agent: string) => string) {
  return html`
    <div id="live-output" aria-live="polite" aria-busy=${isStreaming(runs) ? 'true' : 'false'} aria-label="Live output of agent runs">
      ${runs.length === 0
        ? html`<p class="muted">Nothing running. When an agent runs, its progress and the text it writes (a reflection, word by word) appear here.</p>`
        : runs.map((run) => renderRun(run, titleOf(run.agent)))}
    </div>
  `;
}

function renderRun(run: LiveRun, title: string) {
  return html`
    <article class="live-run ${run.state}" data-run=${run.runId} data-agent=${run.agent} aria-label=${`${title} run`}>
      <div class="live-head">
        <h4>${title}</h4>
        <span class="muted">${runState(run)}</span>
      </div>
      ${run.lines.length === 0 && run.state === 'running' ? html`<p class="muted">Started…</p>` : nothing}
      ${run.lines.map((line) => renderLine(line, run.state === 'running'))}
      ${run.run?.error ? html`<p class="error">${run.run.error}</p>` : nothing}
    </article>
  `;
}

function runState(run: LiveRun): string {
  if (run.state === 'running') return 'running';
  if (run.state === 'ended') return 'ended';
  const done = run.run;
  if (!done) return 'done';
  const took = done.end ? ` in ${formatDuration(Date.parse(done.end) - Date.parse(done.start))}` : '';
  return `${outcomeLabel(done.outcome)}${took} · ${done.recordsWritten} written`;
}

function renderLine(line: LiveLine, running: boolean) {
  switch (line.type) {
    case 'progress':
      return html`<p class="progress">${line.message}${line.fraction !== undefined ? html` <span class="muted">(${Math.round(line.fraction * 100)}%)</span>` : nothing}</p>`;
    case 'draft':
      return html`<div class="draft" data-draft=${line.draft}>
        <span class="badge">${running ? `writing a ${line.kind}…` : `${line.kind} not written`}</span>
        <p class="text">${line.text}</p>
      </div>`;
    case 'record':
      return html`<div class="record" data-id=${line.id}>
        <span class="badge">${line.kind} written</span>
        <p class="text">${line.text}</p>
        ${line.cites.length > 0
          ? html`<p class="cites muted">Cites ${line.cites.length === 1 ? '1 memory' : `${line.cites.length} memories`}: ${line.cites.map((id) => html`<code>${id}</code> `)}</p>`
          : nothing}
      </div>`;
  }
}
