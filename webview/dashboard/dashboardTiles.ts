import { html, nothing, svg } from 'lit';
import type { DashboardFigures } from '../../src/protocol/dashboardProtocol';
import { relativeTime } from '../shared/relativeTime';
import { approvalsText, chartSummary, minutesText, projectBars, weekBars, type Bar } from './dashboardModel';

type Open = (target: 'approvals' | 'reflections' | 'tasks', id?: string) => void;

/** The figures of today as tiles, then the week's charts and lists. Text is bound as text. */
export function renderDashboard(figures: DashboardFigures, now: Date, open: Open) {
  return html`
    <section class="tiles" aria-label="Today">
      <div class="tile" id="tile-active"><span class="figure">${minutesText(figures.today.activeMinutes)}</span><span class="muted">active coding today</span></div>
      <div class="tile" id="tile-sessions"><span class="figure">${figures.today.sessions}</span><span class="muted">session${figures.today.sessions === 1 ? '' : 's'} today</span></div>
      <div class="tile" id="tile-tasks">
        <span class="figure">${figures.openTasks.count}</span><span class="muted">open task${figures.openTasks.count === 1 ? '' : 's'}</span>
        <button class="link" @click=${() => open('tasks')}>Show tasks</button>
      </div>
      <div class="tile" id="tile-approvals">
        <span class="figure">${figures.approvals.pending}</span><span class="muted">${approvalsText(figures.approvals)}</span>
        <button class="link" @click=${() => open('approvals')}>Show approvals</button>
      </div>
    </section>
    <section class="charts">
      ${renderBarChart('chart-week', 'Active coding time per day, last 7 days', weekBars(figures))}
      ${renderBarChart('chart-projects', 'Captured events per project this week', projectBars(figures))}
    </section>
    <section class="lists">
      <div>
        <h3>Top files this week</h3>
        ${figures.topFiles.length === 0
          ? html`<p class="muted">No files captured this week yet.</p>`
          : html`<ol id="top-files">${figures.topFiles.map((f) => html`<li><code>${f.name}</code> <span class="muted">${f.events}</span></li>`)}</ol>`}
      </div>
      <div>
        <h3>Open tasks</h3>
        ${figures.openTasks.top.length === 0
          ? html`<p class="muted">No open tasks.</p>`
          : html`<ul id="open-tasks">${figures.openTasks.top.map((t) => html`<li>${t.priority !== undefined ? html`<span class="badge">P${t.priority - 1}</span> ` : nothing}${t.title} <span class="muted">${t.status}</span></li>`)}</ul>`}
      </div>
      <div>
        <h3>Last reflection</h3>
        ${figures.lastReflection
          ? html`<blockquote id="last-reflection"><p class="text">${figures.lastReflection.text}</p><p class="muted">${relativeTime(figures.lastReflection.ts, now)}</p></blockquote>
              <button class="link" @click=${() => open('reflections')}>Show reflections</button>`
          : html`<p class="muted">No reflection yet.</p>`}
      </div>
    </section>
  `;
}

/**
 * Horizontal bars drawn in SVG (colours from the theme in CSS; nothing styled by script, so the
 * strict CSP holds), with the same figures as a sentence for screen readers and as a table.
 */
export function renderBarChart(id: string, title: string, data: readonly Bar[]) {
  return html`
    <figure class="chart" id=${id}>
      <figcaption>${title}</figcaption>
      ${data.length === 0
        ? html`<p class="muted">Nothing captured yet.</p>`
        : html`<div class="bars" role="img" aria-label=${chartSummary(title, data)}>
            ${data.map(
              (b) => html`<div class="bar-row" aria-hidden="true">
                <span class="bar-label">${b.label}</span>
                <svg class="bar-track" viewBox="0 0 100 10" preserveAspectRatio="none">${svg`<rect class="bar" x="0" y="0" width=${Math.max(b.share * 100, b.value > 0 ? 1 : 0)} height="10"></rect>`}</svg>
                <span class="bar-value muted">${b.text}</span>
              </div>`,
            )}
          </div>
          <details>
            <summary>Show as table</summary>
            <table>
              <thead><tr><th scope="col">${id === 'chart-week' ? 'Day' : 'Project'}</th><th scope="col">${id === 'chart-week' ? 'Active time' : 'Events'}</th></tr></thead>
              <tbody>${data.map((b) => html`<tr><td>${b.label}</td><td>${b.text}</td></tr>`)}</tbody>
            </table>
          </details>`}
    </figure>
  `;
}
