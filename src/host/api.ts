import type { AgentEvent, AgentsStatus } from '../protocol/agentsProtocol';
import type { ChatAskParams, ChatEvent } from '../protocol/chatProtocol';
import type { DecisionsSetTrustRequest, DecisionsState, ProposalView } from '../protocol/decisionsProtocol';
import type { ParamsOf, ResultOf } from '../protocol/messageTypes';
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
  agents: {
    status(): Promise<AgentsStatus>;
    /** Runs an agent now; its events as they happen, ending with its run record. */
    run(agent: AgentsStatus['agents'][number]['id'], signal?: AbortSignal): AsyncGenerator<AgentEvent, void, undefined>;
  };
  decisions: {
    state(): Promise<DecisionsState>;
    /** Proposes an action as chat or an agent would: it goes through the policy and, when it asks, waits for the person. */
    propose(params: { skill: string; args: Record<string, unknown>; source: string; reason: string; dryRun?: boolean; workspace?: string }): Promise<ProposalView>;
    /** Sets a skill's trust level (and ceiling), or enables/disables it, as the approvals view does. */
    setTrust(params: ParamsOf<typeof DecisionsSetTrustRequest>): Promise<ResultOf<typeof DecisionsSetTrustRequest>>;
  };
}
