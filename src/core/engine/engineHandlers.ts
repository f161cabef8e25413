import { EngineDiagnoseStream, EngineStatusRequest } from '../../protocol/engineProtocol';
import type { Messenger } from '../../protocol/messenger';
import { runDiagnostics } from './diagnostics';
import type { EngineSettings } from './engineSettings';
import { readEngineStatus } from './engineStatus';

/** Maps the engine protocol onto the core. The worker and in-process hosts both call this. */
export function registerEngineHandlers(messenger: Messenger, settings: EngineSettings): void {
  messenger.onRequest(EngineStatusRequest, () => readEngineStatus(settings.profilePath));
  messenger.onStream(EngineDiagnoseStream, (_params, ctx) => runDiagnostics(settings.profilePath, ctx.signal));
}
