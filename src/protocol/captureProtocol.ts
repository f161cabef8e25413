import * as v from 'valibot';
import { defineRequest } from './messageTypes';

/** Capture messages: the host's editor adapters hand events to the engine worker in batches. */

/** Most events in one batch (the engine validates each event on its own). */
export const CAPTURE_BATCH_LIMIT = 5_000;

/** A batch of capture events (src/core/capture/captureEvent.ts); each is validated by the engine. */
export const CaptureEventsRequest = defineRequest(
  'capture/events',
  v.object({
    /** Events in the order they happened. */
    events: v.pipe(v.array(v.unknown()), v.maxLength(CAPTURE_BATCH_LIMIT)),
    /** `files.exclude` globs of the window: such files are never recorded. */
    filesExclude: v.optional(v.array(v.string())),
  }),
  v.object({
    /** Events that passed validation and the privacy filters. */
    accepted: v.number(),
    /** Events dropped as private (ignored, excluded, opted out). */
    filtered: v.number(),
    /** Events refused as malformed (logged by the engine with the reason). */
    rejected: v.number(),
    /** Records written to the memory by this batch (bursts and sessions complete later). */
    written: v.number(),
  }),
);

/** Ends open sessions now (window closing, capture paused) so their summaries are written. */
export const CaptureFlushRequest = defineRequest(
  'capture/flush',
  v.optional(v.object({}), {}),
  v.object({
    /** Records written by the flush. */
    written: v.number(),
  }),
);

/** "Forget the last hour": forgets captured records from the given time on. */
export const CaptureForgetSinceRequest = defineRequest(
  'capture/forgetSince',
  v.object({
    /** ISO time; captured records at or after it are forgotten. */
    since: v.string(),
  }),
  v.object({
    /** How many records were forgotten. */
    forgotten: v.number(),
  }),
);

/** Imports a repository's commit history through the same session logic as live capture. */
export const CaptureImportGitRequest = defineRequest(
  'capture/importGit',
  v.object({
    /** Absolute path of the repository (a workspace folder). */
    folder: v.string(),
    /** The project name the memories belong to. */
    project: v.string(),
    /** Newest N commits only. */
    max: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  }),
  v.object({
    /** Commit records written. */
    events: v.number(),
    /** Session summaries written. */
    sessions: v.number(),
    /** Commits left out by privacy settings. */
    filtered: v.number(),
    /** Log entries that could not be read. */
    skipped: v.number(),
  }),
);
