import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { DashboardFigures } from '../../../src/protocol/dashboardProtocol';
import { bars, chartSummary, minutesText, weekBars } from '../../../webview/dashboard/dashboardModel';
import { barChartConfig, chartHeight, chartTheme } from '../../../webview/dashboard/barChartConfig';
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

  it('one bar per day of the week, oldest first, each with its value in words', () => {
    assert.deepEqual(
      weekBars(figures()).map((b) => [b.label, b.value, b.text]),
      [['Thu 26', 0, '0 min'], ['Fri 27', 0, '0 min'], ['Sat 28', 0, '0 min'], ['Sun 1', 0, '0 min'], ['Mon 2', 15, '15 min'], ['Tue 3', 0, '0 min'], ['Wed 4', 80, '1 h 20 min']],
    );
  });

  it('gives each chart a sentence with every bar for screen readers', () => {
    assert.equal(chartSummary('Active time', weekBars(figures())), 'Active time: Thu 26 0 min, Fri 27 0 min, Sat 28 0 min, Sun 1 0 min, Mon 2 15 min, Tue 3 0 min, Wed 4 1 h 20 min.');
    assert.equal(chartSummary('Active time', []), 'Active time: nothing yet.');
  });
});

describe('dashboard: as shown', () => {
  const columns = { label: 'Project', value: 'Events', unit: 'events', empty: 'Nothing here yet.' };

  it('shows today, open tasks, approvals, top files and the last reflection', () => {
    const text = visibleText(templateHtml(renderDashboard(figures(), NOW, () => undefined)));
    assert.match(text, /^1 h 20 min active coding today 2 sessions today 2 open tasks Show tasks 2 2 waiting for you, 1 suggestion Show approvals/);
    assert.match(text, /Top files this week src\/lexer\.ts 4 Open tasks P0 Ship the lexer open Last reflection I work best in the morning\. 2 hours ago Show reflections$/);
  });

  it('a chart is an image named by its figures, with the same figures as a table', () => {
    const html = templateHtml(renderBarChart('chart-projects', 'Events per project', bars([{ label: 'parser', value: 3 }], (n) => `${n} events`), columns));
    assert.match(html, /<div class="bars" role="img" aria-label="Events per project: parser 3 events\."><mh-bar-chart \.bars="[^"]*" unit="events">/);
    assert.match(visibleText(html), /Show as table Project Events parser 3 events$/);
  });

  it('a chart with nothing to show says so instead of drawing empty axes', () => {
    for (const data of [[], bars([{ label: 'Mon 2', value: 0 }], String)]) {
      const html = templateHtml(renderBarChart('chart-week', 'Active time', data, columns));
      assert.doesNotMatch(html, /mh-bar-chart/);
      assert.match(visibleText(html), /^Active time Nothing here yet\.$/);
    }
  });

  it('renders file names, task titles and reflections as text', () => {
    const evil = '<img src=x onerror=alert(1)>';
    const html = templateHtml(renderDashboard(figures({ topFiles: [{ name: evil, events: 1 }], lastReflection: { id: 'r', ts: at(-1), text: evil } }), NOW, () => undefined));
    assert.doesNotMatch(html, /<img/);
    assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
  });
});

describe('dashboard: the charts in the theme', () => {
  const dark: Record<string, string> = { '--vscode-charts-blue': '#3794ff', '--vscode-charts-foreground': '#cccccc', '--vscode-charts-lines': 'rgba(204,204,204,0.5)', '--vscode-font-family': 'system-ui', '--vscode-contrastBorder': '#6fc3df' };
  const read = (vars: Record<string, string>) => (name: string) => vars[name] ?? '';

  it("draws bars, labels and grid in the theme's chart colours and font", () => {
    const theme = chartTheme(read(dark), false);
    assert.deepEqual(theme, { bar: '#3794ff', text: '#cccccc', grid: 'rgba(204,204,204,0.5)', font: 'system-ui', outline: undefined });
    const config = barChartConfig(weekBars(figures()), 'minutes', theme);
    const dataset = config.data.datasets[0];
    assert.equal(dataset?.backgroundColor, '#3794ff');
    assert.equal(dataset?.borderWidth, 0);
    assert.equal(config.options?.scales?.['y']?.ticks?.color, '#cccccc');
    assert.equal(config.options?.font && 'family' in config.options.font ? config.options.font.family : undefined, 'system-ui');
  });

  it('outlines the bars in a high-contrast theme', () => {
    const theme = chartTheme(read(dark), true);
    assert.equal(theme.outline, '#6fc3df');
    const dataset = barChartConfig(weekBars(figures()), 'minutes', theme).data.datasets[0];
    assert.equal(dataset?.borderColor, '#6fc3df');
    assert.equal(dataset?.borderWidth, 1);
  });

  it('falls back to the general foreground when a theme lacks chart colours', () => {
    const theme = chartTheme(read({ '--vscode-foreground': '#000000' }), false);
    assert.equal(theme.bar, '#000000');
    assert.equal(theme.text, '#000000');
  });

  it('one horizontal bar per day with its value, and the tooltip says it the way the table does', () => {
    const config = barChartConfig(weekBars(figures()), 'minutes', chartTheme(read(dark), false));
    assert.equal(config.options?.indexAxis, 'y');
    assert.deepEqual(config.data.labels, ['Thu 26', 'Fri 27', 'Sat 28', 'Sun 1', 'Mon 2', 'Tue 3', 'Wed 4']);
    assert.deepEqual(config.data.datasets[0]?.data, [0, 0, 0, 0, 15, 0, 80]);
    const label = config.options?.plugins?.tooltip?.callbacks?.label as ((item: { label: string; raw: unknown }) => string) | undefined;
    assert.equal(label?.({ label: 'Wed 4', raw: 80 }), '1 h 20 min');
    assert.equal(config.options?.scales?.['x']?.title?.text, 'minutes');
  });

  it('a chart grows with its bars instead of squeezing them', () => {
    assert.ok(chartHeight(7) > chartHeight(2));
    assert.equal(chartHeight(0), chartHeight(1));
  });
});
