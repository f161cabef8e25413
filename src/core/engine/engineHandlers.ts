import { join } from 'node:path';
import { CaptureEventsRequest, CaptureFlushRequest, CaptureForgetSinceRequest, CaptureImportGitRequest } from '../../protocol/captureProtocol';
import { ChatAskStream, ChatConversationRequest, ChatConversationsRequest } from '../../protocol/chatProtocol';
import { EngineDiagnoseStream, EngineLogNotification, EngineShutdownRequest, EngineStatusRequest } from '../../protocol/engineProtocol';
import {
  IndexProgressNotification,
  MemoryAddNoteRequest,
  MemoryChangedNotification,
  MemoryForgetRequest,
  MemoryGetRequest,
  MemorySearchRequest,
  MemoryStatsRequest,
} from '../../protocol/memoryProtocol';
import type { Messenger } from '../../protocol/messenger';
import { AgentActivityNotification, AgentsFollowStream } from '../../protocol/agentsProtocol';
import { PersonaFollowStream } from '../../protocol/personaProtocol';
import { registerAgentHandlers } from './agentService';
import { registerDecisionHandlers } from './decisionService';
import { registerTasksHandlers } from './tasksService';
import { registerAuditHandlers } from './auditService';
import { registerModelsHandlers } from './modelsService';
import { registerPersonaHandlers } from './personaService';
import { registerReflectionsHandlers } from './reflectionsService';
import { registerDashboardHandlers } from './dashboardService';
import { registerMemoryViewHandlers } from './memoryViewService';
import { runDiagnostics } from './diagnostics';
import { followFiles } from './fileFollow';
import { EngineServices } from './engineServices';
import type { EngineSettings } from './engineSettings';
import { readEngineStatus } from './engineStatus';

/**
 * Maps the engine protocol onto the core. The worker and in-process hosts both call this; the
 * returned services are closed when the engine stops.
 */
export function registerEngineHandlers(messenger: Messenger, settings: EngineSettings): EngineServices {
  const services = new EngineServices(settings, {
    log: (level, message) => messenger.notify(EngineLogNotification, { level, message }),
    onIndexProgress: (progress) => messenger.notify(IndexProgressNotification, progress),
    onMemoryChanged: (counts) => messenger.notify(MemoryChangedNotification, counts),
    host: messenger,
    onAgentActivity: (agent, runId, event) => messenger.notify(AgentActivityNotification, { agent, runId, event }),
  });
  messenger.onRequest(EngineStatusRequest, () => readEngineStatus(settings.profilePath));
  messenger.onStream(EngineDiagnoseStream, (_params, ctx) => runDiagnostics(settings.profilePath, ctx.signal));
  messenger.onRequest(MemorySearchRequest, (params) => services.search(params));
  messenger.onRequest(MemoryAddNoteRequest, ({ text, project }) => services.addNote(text, project));
  messenger.onRequest(MemoryForgetRequest, ({ id }) => services.forget(id));
  messenger.onRequest(MemoryStatsRequest, () => services.stats());
  messenger.onRequest(MemoryGetRequest, ({ id }) => services.get(id));
  messenger.onRequest(CaptureEventsRequest, ({ events, filesExclude }) => services.capture.ingest(events, filesExclude));
  messenger.onRequest(CaptureFlushRequest, () => services.capture.flush());
  messenger.onRequest(CaptureForgetSinceRequest, ({ since }) => services.capture.forgetSince(since));
  messenger.onRequest(CaptureImportGitRequest, ({ folder, project, max }) => services.capture.importGit(folder, project, max));
  messenger.onStream(ChatAskStream, (params, ctx) => services.chat.ask(params, ctx.signal));
  messenger.onRequest(ChatConversationsRequest, () => services.chat.conversations());
  messenger.onRequest(ChatConversationRequest, ({ id }) => services.chat.conversation(id));
  registerAgentHandlers(messenger, services.agents);
  registerDecisionHandlers(messenger, services.decisions);
  registerTasksHandlers(messenger, services);
  registerAuditHandlers(messenger, services);
  registerPersonaHandlers(messenger, services);
  messenger.onStream(AgentsFollowStream, async function* (_params, ctx) {
    yield* followFiles(join((await services.openStore()).dir, 'agents'), ['runs.jsonl', 'paused.json'], ctx.signal);
  });
  messenger.onStream(PersonaFollowStream, async function* (_params, ctx) {
    yield* followFiles(join((await services.openStore()).dir, 'persona'), ['core.json'], ctx.signal);
  });
  registerModelsHandlers(messenger, { values: () => settings.values });
  registerReflectionsHandlers(messenger, {
    openStore: () => services.openStore(),
    followMemoryChanges: () => void services.openIndex().catch(() => undefined),
    ask: (params, signal) => services.chat.ask(params, signal),
  });
  registerDashboardHandlers(messenger, { openStore: () => services.openStore(), decisions: () => services.decisions.state() });
  registerMemoryViewHandlers(messenger, services);
  messenger.onRequest(EngineShutdownRequest, async () => {
    await services.close();
    return {};
  });
  return services;
}
