import { html, nothing } from 'lit';
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
      ${renderBarChart('chart-week', 'Active coding time per day, last 7 days', weekBars(figures), { label: 'Day', value: 'Active time', unit: 'minutes', empty: 'No active coding time in the last 7 days yet.' })}
      ${renderBarChart('chart-projects', 'Captured events per project this week', projectBars(figures), { label: 'Project', value: 'Events', unit: 'events', empty: 'Nothing captured in a project this week yet.' })}
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
 * A bar chart (Chart.js on a canvas, in the theme's colours) named for screen readers by a sentence
 * with every figure, and the same figures as a table for anyone who wants to read them.
 */
export function renderBarChart(id: string, title: string, data: readonly Bar[], columns: { label: string; value: string; unit: string; empty: string }) {
  return html`
    <figure class="chart" id=${id}>
      <figcaption>${title}</figcaption>
      ${data.every((b) => b.value === 0)
        ? html`<p class="muted">${columns.empty}</p>`
        : html`<div class="bars" role="img" aria-label=${chartSummary(title, data)}><mh-bar-chart .bars=${data} unit=${columns.unit}></mh-bar-chart></div>
          <details>
            <summary>Show as table</summary>
            <table>
              <thead><tr><th scope="col">${columns.label}</th><th scope="col">${columns.value}</th></tr></thead>
              <tbody>${data.map((b) => html`<tr><td>${b.label}</td><td>${b.text}</td></tr>`)}</tbody>
            </table>
          </details>`}
    </figure>
  `;
}
