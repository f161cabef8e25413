import type { ChartConfiguration } from 'chart.js';
import type { Bar } from './dashboardModel';

/** What a chart takes from the VS Code theme: bar, text and grid colours and the editor's font. */
export interface ChartTheme {
  bar: string;
  text: string;
  grid: string;
  font: string;
  /** High-contrast themes outline the bars so they stand apart from the background. */
  outline: string | undefined;
}

/**
 * The theme's chart colours (`--vscode-charts-*`, which every built-in theme defines), read through
 * `read` (a computed style in the page); a missing variable falls back to the general foreground.
 */
export function chartTheme(read: (variable: string) => string, highContrast: boolean): ChartTheme {
  const first = (...names: string[]): string => names.map((n) => read(n).trim()).find((v) => v !== '') ?? '';
  const text = first('--vscode-charts-foreground', '--vscode-foreground') || 'CanvasText';
  return {
    bar: first('--vscode-charts-blue', '--vscode-focusBorder') || text,
    text,
    grid: first('--vscode-charts-lines', '--vscode-widget-border') || 'transparent',
    font: first('--vscode-font-family') || 'sans-serif',
    outline: highContrast ? first('--vscode-contrastBorder', '--vscode-focusBorder') || text : undefined,
  };
}

/**
 * Horizontal bars, one per label, with the value axis from zero; the tooltip says the value the
 * way the table does ("1 h 20 min"). No animation: the figures are a snapshot, not a show.
 */
export function barChartConfig(data: readonly Bar[], unit: string, theme: ChartTheme): ChartConfiguration<'bar', number[], string> {
  const byLabel = new Map(data.map((b) => [b.label, b.text]));
  return {
    type: 'bar',
    data: {
      labels: data.map((b) => b.label),
      datasets: [
        {
          data: data.map((b) => b.value),
          backgroundColor: theme.bar,
          borderColor: theme.outline ?? theme.bar,
          borderWidth: theme.outline ? 1 : 0,
          maxBarThickness: 14,
        },
      ],
    },
    options: {
      indexAxis: 'y',
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      events: ['mousemove', 'mouseout', 'touchstart', 'touchmove'],
      font: { family: theme.font },
      color: theme.text,
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { label: (item) => byLabel.get(String(item.label)) ?? String(item.raw) } },
      },
      scales: {
        x: { beginAtZero: true, title: { display: unit !== '', text: unit, color: theme.text }, ticks: { color: theme.text, precision: 0, maxTicksLimit: 5 }, grid: { color: theme.grid }, border: { color: theme.grid } },
        y: { ticks: { color: theme.text, autoSkip: false }, grid: { display: false }, border: { color: theme.grid } },
      },
    },
  };
}

/** Room for every bar and the axis: the canvas is as tall as its bars need, not a fixed picture. */
export function chartHeight(bars: number): number {
  return 28 + Math.max(1, bars) * 22;
}
