import type * as v from 'valibot';
import type { AuditLog } from '../audit/auditLog';
import { auditedCall } from '../llm/chat/auditedCall';
import type { ChatMessage, ChatRequest, ModelProvider } from '../llm/modelProvider';
import type { ModelRole } from '../llm/providerFactory';
import { askForJson } from '../llm/structuredOutput';
import { ModelBudgetError, type AgentModel } from './agentTypes';

/**
 * Model calls per rolling hour, shared by every agent of the profile. This scheduler's own calls are
 * kept here; `elsewhere` counts the rest (earlier runs, and runs of other windows and `mh`, from the
 * run records and run claims) at every check, so neither a restart nor a second process adds budget.
 */
export class ModelBudget {
  private readonly calls: number[] = [];

  constructor(
    private readonly limit: () => number,
    private readonly clock: () => number = Date.now,
    /** Calls made since the time given that are not this budget's own. */
    private readonly elsewhere: (sinceMs: number) => number = () => 0,
  ) {}

  /** Calls in the last hour. */
  used(): number {
    const cutoff = this.clock() - 3_600_000;
    while (this.calls.length > 0 && this.calls[0] <= cutoff) this.calls.shift();
    return this.calls.length + this.elsewhere(cutoff);
  }

  /** Takes one call from the budget, or throws `ModelBudgetError`. */
  take(): void {
    if (this.used() >= this.limit()) throw new ModelBudgetError(this.limit());
    this.calls.push(this.clock());
  }
}

export interface AgentModelOptions {
  provider: ModelProvider;
  /** The model for a role (per-role settings), else the provider's configured chat model. */
  modelFor: (role: ModelRole) => string | undefined;
  audit: Pick<AuditLog, 'record'>;
  budget: ModelBudget;
  signal: AbortSignal;
  /** Counts each call for the run record. */
  onCall: () => void;
}

/** An `AgentModel` over one provider: every call budgeted, audited as a `model_call` with its role, and cancellable. */
export function createAgentModel(options: AgentModelOptions): AgentModel {
  const { provider, modelFor, audit, budget, signal, onCall } = options;
  const request = (role: ModelRole, messages: ChatMessage[], extra: { maxTokens?: number; temperature?: number } = {}): ChatRequest => {
    const model = modelFor(role);
    return { messages, signal, ...(model ? { model } : {}), ...extra };
  };
  const label = (role: ModelRole) => ({ model: modelFor(role) ?? 'default', role });
  async function* stream(role: ModelRole, messages: ChatMessage[], extra?: { maxTokens?: number; temperature?: number }): AsyncGenerator<string, string, undefined> {
    budget.take();
    onCall();
    const calls = auditedCall(provider, request(role, messages, extra), audit, label(role));
    let step = await calls.next();
    while (!step.done) {
      yield step.value.text;
      step = await calls.next();
    }
    if (step.value.stopped) throw abortError();
    return step.value.text;
  }
  return {
    label: `${provider.label}${modelFor('chat') ? ` ${modelFor('chat')}` : ''}`,
    stream,
    async complete(role, messages, extra) {
      const parts = stream(role, messages, extra);
      let step = await parts.next();
      while (!step.done) step = await parts.next();
      return step.value;
    },
    async json<TSchema extends v.GenericSchema>(role: ModelRole, messages: ChatMessage[], schema: TSchema): Promise<v.InferOutput<TSchema>> {
      // askForJson may call twice (a retry with the problem): each call is budgeted and audited.
      const counted: ModelProvider = {
        id: provider.id,
        label: provider.label,
        health: (s) => provider.health(s),
        listModels: (s) => provider.listModels(s),
        chat: (req) => {
          budget.take();
          onCall();
          return (async function* () {
            const calls = auditedCall(provider, req, audit, label(role));
            let step = await calls.next();
            while (!step.done) {
              yield step.value;
              step = await calls.next();
            }
            if (step.value.stopped) throw abortError();
          })();
        },
      };
      return askForJson(counted, request(role, messages), schema);
    },
  };
}

function abortError(): Error {
  const error = new Error('The agent run was cancelled.');
  error.name = 'AbortError';
  return error;
}
