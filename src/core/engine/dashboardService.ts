import type { DecisionsState } from '../../protocol/decisionsProtocol';
import { DashboardFiguresRequest, type DashboardFigures } from '../../protocol/dashboardProtocol';
import type { Messenger } from '../../protocol/messenger';
import type { Task } from '../memory/taskStore';
import type { MemoryRecord } from '../memory/record';
import type { ProfileStore } from '../profile/profileStore';

export interface DashboardPorts {
  openStore(): Promise<ProfileStore>;
  decisions(): Promise<Pick<DecisionsState, 'pending' | 'recent'>>;
}

const DAYS = 7;
const SLOT_MS = 15 * 60_000;
const TOP = 5;

/** A local calendar date, `YYYY-MM-DD`. */
export function localDate(time: Date): string {
  return `${time.getFullYear()}-${String(time.getMonth() + 1).padStart(2, '0')}-${String(time.getDate()).padStart(2, '0')}`;
}

function isSummary(r: MemoryRecord): boolean {
  return r.tags.includes('session-summary');
}

/**
 * Active coding minutes and sessions per local day, from captured events: a finished session
 * counts the active time its summary recorded; one still open (no summary yet) counts each
 * 15-minute slot in which something was captured.
 */
export function activityByDay(events: readonly MemoryRecord[]): Map<string, { activeMs: number; sessions: Set<string> }> {
  const summaries = new Map<string, MemoryRecord>();
  const slots = new Map<string, Set<number>>();
  const dayOf = new Map<string, string>();
  for (const r of events) {
    const session = typeof r.meta.session === 'string' ? r.meta.session : undefined;
    if (!session || !r.tags.includes('capture')) continue;
    if (isSummary(r)) summaries.set(session, r);
    else {
      const set = slots.get(session) ?? new Set<number>();
      set.add(Math.floor(Date.parse(r.ts) / SLOT_MS));
      slots.set(session, set);
    }
    // A session belongs to the day it started: its summary's time, else its earliest event.
    const start = dayOf.get(session);
    if (isSummary(r) || (!summaries.has(session) && (!start || r.ts < start))) dayOf.set(session, r.ts);
  }
  const days = new Map<string, { activeMs: number; sessions: Set<string> }>();
  for (const [session, firstTs] of dayOf) {
    const day = localDate(new Date(firstTs));
    const summary = summaries.get(session)?.meta.summary as { activeMs?: unknown } | undefined;
    const activeMs = typeof summary?.activeMs === 'number' ? summary.activeMs : (slots.get(session)?.size ?? 0) * SLOT_MS;
    const entry = days.get(day) ?? { activeMs: 0, sessions: new Set<string>() };
    entry.activeMs += activeMs;
    entry.sessions.add(session);
    days.set(day, entry);
  }
  return days;
}

function top(counts: Map<string, number>): { name: string; events: number }[] {
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, TOP)
    .map(([name, events]) => ({ name, events }));
}

/** The dashboard's figures from the profile's records, open tasks and the approval queue. */
export function dashboardFigures(input: { events: readonly MemoryRecord[]; reflections: readonly MemoryRecord[]; tasks: readonly Task[]; decisions: Pick<DecisionsState, 'pending' | 'recent'>; now: Date }): DashboardFigures {
  const { now } = input;
  const weekStart = new Date(now.getFullYear(), now.getMonth(), now.getDate() - (DAYS - 1));
  const week = input.events.filter((r) => Date.parse(r.ts) >= weekStart.getTime() && Date.parse(r.ts) <= now.getTime());
  const byDay = activityByDay(week);
  const days = Array.from({ length: DAYS }, (_, i) => {
    const date = localDate(new Date(weekStart.getFullYear(), weekStart.getMonth(), weekStart.getDate() + i));
    const entry = byDay.get(date);
    return { date, activeMinutes: Math.round((entry?.activeMs ?? 0) / 60_000), sessions: entry?.sessions.size ?? 0 };
  });
  const files = new Map<string, number>();
  const projects = new Map<string, number>();
  for (const r of week) {
    if (!r.tags.includes('capture') || isSummary(r)) continue;
    if (typeof r.meta.file === 'string') files.set(r.meta.file, (files.get(r.meta.file) ?? 0) + 1);
    if (r.project) projects.set(r.project, (projects.get(r.project) ?? 0) + 1);
  }
  const open = [...input.tasks].sort((a, b) => (a.priority ?? 9) - (b.priority ?? 9) || a.createdAt.localeCompare(b.createdAt));
  const last = [...input.reflections].sort((a, b) => b.ts.localeCompare(a.ts))[0];
  const today = days[DAYS - 1] ?? { activeMinutes: 0, sessions: 0 };
  return {
    at: now.toISOString(),
    today: { activeMinutes: today.activeMinutes, sessions: today.sessions },
    days,
    topFiles: top(files),
    topProjects: top(projects),
    openTasks: { count: open.length, top: open.slice(0, TOP).map((t) => ({ id: t.id, title: t.title, status: t.status, ...(t.priority !== undefined ? { priority: t.priority } : {}) })) },
    approvals: { pending: input.decisions.pending.length, suggested: input.decisions.recent.filter((p) => p.status === 'suggested').length },
    ...(last ? { lastReflection: { id: last.id, ts: last.ts, text: last.text } } : {}),
  };
}

export async function readDashboard(ports: DashboardPorts, now = new Date()): Promise<DashboardFigures> {
  const store = await ports.openStore();
  const [events, reflections, tasks, decisions] = await Promise.all([
    store.memory.list({ kind: 'event' }),
    store.memory.list({ kind: 'reflection' }),
    store.tasks.list({ status: 'active' }),
    ports.decisions(),
  ]);
  return dashboardFigures({ events, reflections, tasks, decisions, now });
}

export function registerDashboardHandlers(messenger: Messenger, ports: DashboardPorts): void {
  messenger.onRequest(DashboardFiguresRequest, () => readDashboard(ports));
}
