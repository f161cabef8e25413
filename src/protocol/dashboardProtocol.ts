import * as v from 'valibot';
import { defineRequest } from './messageTypes';

/** Today at a glance: coding time and sessions, this week's files and projects, tasks, approvals, the last reflection. */

const CountSchema = v.object({ name: v.string(), events: v.number() });

export const DashboardFiguresSchema = v.object({
  /** ISO time the figures were computed at. */
  at: v.string(),
  today: v.object({ activeMinutes: v.number(), sessions: v.number() }),
  /** The last 7 days, oldest first (local dates, `YYYY-MM-DD`). */
  days: v.array(v.object({ date: v.string(), activeMinutes: v.number(), sessions: v.number() })),
  /** Captured events this week per file and per project, most first (at most 5 each). */
  topFiles: v.array(CountSchema),
  topProjects: v.array(CountSchema),
  openTasks: v.object({ count: v.number(), top: v.array(v.object({ id: v.string(), title: v.string(), status: v.string(), priority: v.optional(v.number()) })) }),
  approvals: v.object({ pending: v.number(), suggested: v.number() }),
  lastReflection: v.optional(v.object({ id: v.string(), ts: v.string(), text: v.string() })),
});
export type DashboardFigures = v.InferOutput<typeof DashboardFiguresSchema>;

export const DashboardFiguresRequest = defineRequest('dashboard/figures', v.optional(v.object({}), {}), DashboardFiguresSchema);
