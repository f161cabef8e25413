import * as v from 'valibot';
import { defineNotification, defineRequest, defineStream } from './messageTypes';

/** Agents: the scheduler's state for the agents view, running one now, and their live output. */

export const AgentIdSchema = v.picklist(['organizer', 'reflector', 'dreamer', 'boredom', 'sleep', 'ingestor']);

export const AgentRunSchema = v.object({
  runId: v.string(),
  agent: AgentIdSchema,
  trigger: v.string(),
  start: v.string(),
  end: v.optional(v.string()),
  /** `interrupted`: recorded as running, but the process that ran it is gone (killed, crashed). */
  outcome: v.picklist(['running', 'ok', 'skipped', 'error', 'cancelled', 'interrupted']),
  summary: v.optional(v.string()),
  modelCalls: v.number(),
  recordsWritten: v.number(),
  ids: v.array(v.string()),
  error: v.optional(v.string()),
});
export type AgentRunView = v.InferOutput<typeof AgentRunSchema>;

export const AgentInfoSchema = v.object({
  id: AgentIdSchema,
  title: v.string(),
  description: v.string(),
  /** The cron expression of its regular check, when it has one. */
  schedule: v.optional(v.string()),
  /** ISO time of the next scheduled check (only where this engine runs the schedule). */
  nextRun: v.optional(v.string()),
  lastRun: v.optional(AgentRunSchema),
  running: v.boolean(),
});
export type AgentInfo = v.InferOutput<typeof AgentInfoSchema>;

export const AgentsStatusSchema = v.object({
  agents: v.array(AgentInfoSchema),
  /** This engine leads the profile and runs the schedules. */
  leader: v.boolean(),
  /** `metahuman.agents.enabled` and not paused. */
  scheduling: v.boolean(),
  /** The person paused the scheduled agents of this profile (every window and `mh`). */
  paused: v.optional(v.boolean()),
  /** Model calls made by agents in the last hour, and the limit. */
  modelCallsLastHour: v.number(),
  modelCallsPerHour: v.number(),
  /** Newest first. */
  recentRuns: v.array(AgentRunSchema),
});
export type AgentsStatus = v.InferOutput<typeof AgentsStatusSchema>;

export const AgentsStatusRequest = defineRequest('agents/status', v.optional(v.object({}), {}), AgentsStatusSchema);

/** What a running agent produces, streamed: progress, record text as written, records written, then the run. */
export const AgentEventSchema = v.variant('type', [
  v.object({ type: v.literal('progress'), message: v.string(), fraction: v.optional(v.number()) }),
  v.object({ type: v.literal('text'), draft: v.string(), kind: v.string(), text: v.string() }),
  v.object({ type: v.literal('record'), draft: v.optional(v.string()), id: v.string(), kind: v.string(), text: v.string(), cites: v.array(v.string()) }),
  v.object({ type: v.literal('done'), run: AgentRunSchema }),
]);
export type AgentEvent = v.InferOutput<typeof AgentEventSchema>;

/** Runs an agent now (`manual`); cancelling the stream cancels the run. Waits when the agent is already running. */
export const AgentRunStream = defineStream('agents/run', v.object({ agent: AgentIdSchema }), AgentEventSchema);

/** Cancels a running agent (from the agents view's Cancel). */
export const AgentCancelRequest = defineRequest('agents/cancel', v.object({ agent: AgentIdSchema }), v.object({ cancelled: v.boolean() }));

/** Pauses or resumes all scheduled agents in this profile (stored in the profile, so every window and `mh` agree). */
export const AgentsPauseRequest = defineRequest('agents/pause', v.object({ paused: v.boolean() }), v.object({ paused: v.boolean() }));

/** Engine → host: agent output as it happens (from any run: scheduled, idle, manual), and run starts and ends. */
export const AgentActivityNotification = defineNotification('agents/activity', v.object({ agent: AgentIdSchema, runId: v.string(), event: AgentEventSchema }));

/** Host → engine: the person is active in this window now (editor activity, for the boredom service's idleness). */
export const AgentsActivityPulseNotification = defineNotification('agents/pulse', v.object({ at: v.string() }));

/**
 * A first (empty) chunk once the watch is up, then one whenever the runs log or the pause changes
 * (a run here, in another window or `mh agents run`; `mh agents pause`); cancelling the stream stops the watch.
 */
export const AgentsFollowStream = defineStream('agents/follow', v.optional(v.object({}), {}), v.object({}));
