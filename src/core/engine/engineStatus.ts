import { existsSync } from 'node:fs';
import { ENGINE_VERSION } from './version';

/** What `mh status`, the status bar and the chat view show about the engine. */
export interface EngineStatus {
  version: string;
  profilePath: string;
  profileExists: boolean;
  /** Node version the engine runs on (the extension host's, or the CLI's). */
  runtime: string;
  pid: number;
  uptimeMs: number;
  heapUsedBytes: number;
}

const startedAt = Date.now();

export function readEngineStatus(profilePath: string): EngineStatus {
  return {
    version: ENGINE_VERSION,
    profilePath,
    profileExists: existsSync(profilePath),
    runtime: `node ${process.versions.node}`,
    pid: process.pid,
    uptimeMs: Date.now() - startedAt,
    heapUsedBytes: process.memoryUsage().heapUsed,
  };
}
