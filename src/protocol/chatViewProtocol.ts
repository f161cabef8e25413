import * as v from 'valibot';
import { DiagnosticCheckSchema, EngineStatusSchema } from './engineProtocol';
import { defineCommand, defineNotification, defineRequest, defineStream } from './messageTypes';

/** Messages between the chat webview and the extension host. */

export const ChatViewStateSchema = v.object({
  /** Lifecycle of the background engine as the host sees it. */
  engine: v.picklist(['stopped', 'starting', 'ready', 'crashed', 'failed']),
  /** The profile folder in use (known to the host even before the engine answers). */
  profilePath: v.string(),
  /** The engine's last answer to a status request, when it has given one. */
  status: v.optional(EngineStatusSchema),
  /** Why the engine is not usable, phrased for the person, when it is not. */
  error: v.optional(v.string()),
});
export type ChatViewState = v.InferOutput<typeof ChatViewStateSchema>;

const NoParams = v.optional(v.object({}), {});

/** The view finished loading and wants a fresh snapshot (the ready handshake). */
export const ViewReadyCommand = defineCommand('view/ready', NoParams);

/** Ask the engine for its status now; answers with the whole view state. */
export const StatusRefreshRequest = defineRequest('status/refresh', NoParams, ChatViewStateSchema);

/** Run the engine's self-checks, streaming each result. */
export const DiagnosticsRunStream = defineStream('diagnostics/run', NoParams, DiagnosticCheckSchema);

/** The host's current state for the view, pushed on change and when the view becomes visible. */
export const StatusChangedNotification = defineNotification('status/changed', ChatViewStateSchema);
