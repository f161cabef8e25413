import { existsSync } from 'node:fs';
import type { EngineStatus } from '../../protocol/engineProtocol';
import { ENGINE_VERSION } from './version';

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
