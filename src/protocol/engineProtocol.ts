import * as v from 'valibot';
import { defineNotification, defineRequest, defineStream } from './messageTypes';

/** Messages between the extension host and the engine worker (and the webviews, relayed by the host). */

export const EngineStatusSchema = v.object({
  /** Engine (extension) version. */
  version: v.string(),
  /** The profile folder this engine reads and writes. */
  profilePath: v.string(),
  /** False until the first write creates the folder. */
  profileExists: v.boolean(),
  /** e.g. `node 20.20.2`: the runtime the engine runs on. */
  runtime: v.string(),
  /** Process id of the engine's process. */
  pid: v.number(),
  /** Time since the engine started. */
  uptimeMs: v.number(),
  /** JS heap in use by the engine's thread. */
  heapUsedBytes: v.number(),
});
export type EngineStatus = v.InferOutput<typeof EngineStatusSchema>;

export const DiagnosticCheckSchema = v.object({
  /** Short name of the check, e.g. "Profile folder". */
  check: v.string(),
  /** `ok` passed, `warn` works but needs attention, `fail` is broken. */
  outcome: v.picklist(['ok', 'warn', 'fail']),
  /** What was found, phrased for the person, with the way forward when it is not ok. */
  detail: v.string(),
});
export type DiagnosticCheck = v.InferOutput<typeof DiagnosticCheckSchema>;

const NoParams = v.optional(v.object({}), {});

/** The engine's version, profile folder and resource use. */
export const EngineStatusRequest = defineRequest('engine/status', NoParams, EngineStatusSchema);

/** Runs the engine's self-checks one by one, streaming each result as it completes. */
export const EngineDiagnoseStream = defineStream('engine/diagnose', NoParams, DiagnosticCheckSchema);

/** Closes the profile store and the index cleanly (pending writes finish, leadership is released) before the worker is stopped. */
export const EngineShutdownRequest = defineRequest('engine/shutdown', NoParams, v.object({}));

/** A log line from the engine, for the host's output channel. */
export const EngineLogNotification = defineNotification(
  'engine/log',
  v.object({
    /** Severity of the line. */
    level: v.picklist(['trace', 'debug', 'info', 'warn', 'error']),
    /** The message, never containing secrets. */
    message: v.string(),
  }),
);
