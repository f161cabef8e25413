import type { DashboardFigures } from '../../src/protocol/dashboardProtocol';

/** Pure logic of the dashboard: minutes in words, each chart's bars, and its words for screen readers. */

export function minutesText(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/** `2026-03-04` → `Wed 4` (short weekday and day of month, in the page's locale). */
export function dayLabel(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const day = new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1);
  return `${day.toLocaleDateString('en', { weekday: 'short' })} ${day.getDate()}`;
}

export interface Bar {
  label: string;
  value: number;
  /** The value as the table shows it ("1 h 20 min"). */
  text: string;
}

export function bars(items: readonly { label: string; value: number }[], format: (value: number) => string): Bar[] {
  return items.map((i) => ({ label: i.label, value: i.value, text: format(i.value) }));
}

export function weekBars(figures: DashboardFigures): Bar[] {
  return bars(
    figures.days.map((d) => ({ label: dayLabel(d.date), value: d.activeMinutes })),
    minutesText,
  );
}

export function projectBars(figures: DashboardFigures): Bar[] {
  return bars(
    figures.topProjects.map((p) => ({ label: p.name, value: p.events })),
    (n) => `${n} event${n === 1 ? '' : 's'}`,
  );
}

/** One sentence a screen reader says for a chart: every bar's label and value. */
export function chartSummary(title: string, data: readonly Bar[]): string {
  if (data.length === 0) return `${title}: nothing yet.`;
  return `${title}: ${data.map((b) => `${b.label} ${b.text}`).join(', ')}.`;
}

export function approvalsText(approvals: DashboardFigures['approvals']): string {
  const parts = [`${approvals.pending} waiting for you`];
  if (approvals.suggested > 0) parts.push(`${approvals.suggested} suggestion${approvals.suggested === 1 ? '' : 's'}`);
  return parts.join(', ');
}
