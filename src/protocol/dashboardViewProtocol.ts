import * as v from 'valibot';
import { DashboardFiguresSchema } from './dashboardProtocol';
import { defineCommand, defineNotification } from './messageTypes';

/** Messages between the dashboard panel and the host. */

export const DashboardViewStateSchema = v.object({
  figures: v.optional(DashboardFiguresSchema),
  /** Why the figures are unknown, with the way forward. */
  error: v.optional(v.string()),
});
export type DashboardViewState = v.InferOutput<typeof DashboardViewStateSchema>;

/** Host → panel: a fresh snapshot. */
export const DashboardViewStateNotification = defineNotification('dashboardView/state', DashboardViewStateSchema);

/** Panel → host: compute the figures again (Refresh, Retry). */
export const DashboardViewRefreshCommand = defineCommand('dashboardView/refresh', v.object({}));

/** Panel → host: open a view or run a command from a tile (approvals, tasks, reflections). */
export const DashboardViewOpenCommand = defineCommand('dashboardView/open', v.object({ target: v.picklist(['approvals', 'reflections', 'tasks', 'memory']), id: v.optional(v.string()) }));
