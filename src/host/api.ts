import type { ChatAskParams, ChatEvent } from '../protocol/chatProtocol';
import type { EngineStatus } from '../protocol/engineProtocol';

/** What `activate` returns: for other extensions and for the host tests. */
export interface MetaHumanApi {
  /** Milliseconds `activate` took. */
  activationMs: number;
  /** Asks the engine for its status (starting it if needed). */
  getStatus(): Promise<EngineStatus>;
  /** Stops the engine worker and starts a fresh one. */
  restartEngine(): Promise<void>;
  /** Asks the twin through the chat pipeline; the events as they stream. */
  ask(params: ChatAskParams, signal?: AbortSignal): AsyncGenerator<ChatEvent, void, undefined>;
}
