import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { DashboardFigures } from '../../../src/protocol/dashboardProtocol';
import { bars, chartSummary, minutesText, weekBars } from '../../../webview/dashboard/dashboardModel';
import { renderBarChart, renderDashboard } from '../../../webview/dashboard/dashboardTiles';
import { templateHtml, visibleText } from './templateHtml';
import { NOW, at } from './viewFixtures';

function figures(overrides: Partial<DashboardFigures> = {}): DashboardFigures {
  return {
    at: NOW.toISOString(),
    today: { activeMinutes: 80, sessions: 2 },
    days: ['2026-02-26', '2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04'].map((date, i) => ({ date, activeMinutes: i === 6 ? 80 : i === 4 ? 15 : 0, sessions: i === 6 ? 2 : 0 })),
    topFiles: [{ name: 'src/lexer.ts', events: 4 }],
    topProjects: [
      { name: 'parser', events: 3 },
      { name: 'site', events: 2 },
    ],
    openTasks: { count: 2, top: [{ id: 't1', title: 'Ship the lexer', status: 'open', priority: 1 }] },
    approvals: { pending: 2, suggested: 1 },
    lastReflection: { id: 'r1', ts: at(-120), text: 'I work best in the morning.' },
    ...overrides,
  };
}

describe('dashboard: figures in words', () => {
  it('says minutes and hours the way a person reads them', () => {
    assert.deepEqual([0, 45, 60, 80].map(minutesText), ['0 min', '45 min', '1 h', '1 h 20 min']);
  });

  it('sizes bars against the tallest, and an empty week has no bar at all', () => {
    assert.deepEqual(bars([{ label: 'a', value: 20 }, { label: 'b', value: 80 }], String).map((b) => b.share), [0.25, 1]);
    assert.deepEqual(bars([{ label: 'a', value: 0 }], String).map((b) => b.share), [0]);
  });

  it('gives each chart a sentence with every bar for screen readers', () => {
    assert.equal(chartSummary('Active time', weekBars(figures())), 'Active time: Thu 26 0 min, Fri 27 0 min, Sat 28 0 min, Sun 1 0 min, Mon 2 15 min, Tue 3 0 min, Wed 4 1 h 20 min.');
    assert.equal(chartSummary('Active time', []), 'Active time: nothing yet.');
  });
});

describe('dashboard: as shown', () => {
  it('shows today, open tasks, approvals, top files and the last reflection', () => {
    const text = visibleText(templateHtml(renderDashboard(figures(), NOW, () => undefined)));
    assert.match(text, /^1 h 20 min active coding today 2 sessions today 2 open tasks Show tasks 2 2 waiting for you, 1 suggestion Show approvals/);
    assert.match(text, /Top files this week src\/lexer\.ts 4 Open tasks P0 Ship the lexer open Last reflection I work best in the morning\. 2 hours ago Show reflections$/);
  });

  it('a chart is an image named by its figures, with the same figures as a table', () => {
    const html = templateHtml(renderBarChart('chart-projects', 'Events per project', bars([{ label: 'parser', value: 3 }], (n) => `${n} events`)));
    assert.match(html, /<div class="bars" role="img" aria-label="Events per project: parser 3 events\.">/);
    assert.match(html, /<rect class="bar" x="0" y="0" width="100" height="10">/);
    assert.match(visibleText(html), /Show as table Project Events parser 3 events$/);
  });

  it('renders file names, task titles and reflections as text', () => {
    const evil = '<img src=x onerror=alert(1)>';
    const html = templateHtml(renderDashboard(figures({ topFiles: [{ name: evil, events: 1 }], lastReflection: { id: 'r', ts: at(-1), text: evil } }), NOW, () => undefined));
    assert.doesNotMatch(html, /<img/);
    assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
  });
});
