import { existsSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { EngineLogNotification } from '../../protocol/engineProtocol';
import { Messenger } from '../../protocol/messenger';
import { nodePortTransport } from '../../protocol/transport';
import { registerEngineHandlers } from './engineHandlers';
import type { EngineSettings } from './engineSettings';

/** Entry of the engine worker (dist/engine.js): the core, off the extension host's main thread. */
function main(): void {
  if (!parentPort) throw new Error('dist/engine.js must run as a worker thread of the extension host.');
  const settings = (workerData as { settings: EngineSettings }).settings;
  const messenger: Messenger = new Messenger(nodePortTransport(parentPort), {
    peerName: 'The extension host',
    log: (level, message) => messenger.notify(EngineLogNotification, { level, message }),
  });
  const services = registerEngineHandlers(messenger, settings);
  // Opening the profile starts the background work: the agents' leadership and schedules, the
  // approval queue watch. A profile not made yet is made by the first real use, not by starting.
  if (existsSync(settings.profilePath))
    services.openStore().catch((error: unknown) => messenger.notify(EngineLogNotification, { level: 'warn', message: `The profile could not be opened: ${error instanceof Error ? error.message : String(error)}` }));
}

main();
