import type { EngineStatus } from '../protocol/engineProtocol';

/** What `activate` returns: for other extensions and for the host tests. */
export interface MetaHumanApi {
  /** Milliseconds `activate` took. */
  activationMs: number;
  /** Asks the engine for its status (starting it if needed). */
  getStatus(): Promise<EngineStatus>;
  /** Stops the engine worker and starts a fresh one. */
  restartEngine(): Promise<void>;
}
