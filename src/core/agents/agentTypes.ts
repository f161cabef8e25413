/**
 * The contract between the agents (DESIGN.md, "Agents") and the scheduler that runs them. An agent
 * is a plain object with a `run` that does one unit of work against an `AgentContext` and reports
 * what it wrote; the scheduler owns timing, overlap, budgets, cancellation, run records and audit.
 */
import type * as v from 'valibot';
import type { IndexCompaction } from '../index/indexCompaction';
import type { ChatMessage } from '../llm/modelProvider';
import type { ModelRole } from '../llm/providerFactory';
import type { MemoryKind, MemoryRecord } from '../memory/record';
import type { Persona } from '../persona/persona';
import type { ProfileStore } from '../profile/profileStore';
import type { SettingsSnapshot } from '../settings/settingsTable';

export const AGENT_IDS = ['organizer', 'reflector', 'dreamer', 'boredom', 'sleep', 'ingestor'] as const;
export type AgentId = (typeof AGENT_IDS)[number];

/** What started a run. */
export type AgentTrigger = 'schedule' | 'manual' | 'idle' | 'session-end' | 'inbox' | 'sleep-window' | 'agent';

/** A search the agent asks of the memory index (hybrid, time-aware, like the chat's). */
export interface AgentSearch {
  (query: string, options?: { k?: number; kinds?: MemoryKind[]; since?: Date; until?: Date }): Promise<MemoryRecord[]>;
}

/**
 * Model access for one run: every call is budgeted (model calls per hour, shared by all agents)
 * and audited as a `model_call` with the role. Absent from the context when the provider is the
 * offline one: agents then use their heuristic and extractive methods.
 */
export interface AgentModel {
  /** Label for run records and prompts, e.g. `ollama llama3.2`. */
  readonly label: string;
  /** Streams one answer; throws `ModelBudgetError` when the hour's budget is spent. */
  stream(role: ModelRole, messages: ChatMessage[], options?: { maxTokens?: number; temperature?: number }): AsyncGenerator<string, string, undefined>;
  /** The whole answer at once. */
  complete(role: ModelRole, messages: ChatMessage[], options?: { maxTokens?: number; temperature?: number }): Promise<string>;
  /** JSON checked against a valibot schema (retry once, repair, else `StructuredOutputError`). */
  json<TSchema extends v.GenericSchema>(role: ModelRole, messages: ChatMessage[], schema: TSchema): Promise<v.InferOutput<TSchema>>;
}

/** The hour's model-call budget is spent; the run ends `skipped` or falls back to heuristics. */
export class ModelBudgetError extends Error {
  constructor(readonly limit: number) {
    super(`The model-call budget (${limit} per hour, setting metahuman.agents.modelCallsPerHour) is spent; trying again next hour.`);
    this.name = 'ModelBudgetError';
  }
}

/** Something an agent produces while it runs, streamed to the views (reflection text as it is written…). */
export type AgentOutput =
  | { type: 'progress'; message: string; fraction?: number }
  /** A piece of a record being written, e.g. a reflection's text token by token. `draft` groups the pieces. */
  | { type: 'text'; draft: string; kind: MemoryKind; text: string }
  /** A record was written (the draft became it). */
  | { type: 'record'; draft?: string; id: string; kind: MemoryKind; text: string; cites: string[] };

/** Small state an agent keeps between runs (a change cursor, when it last reflected, today's count). */
export interface AgentStateSlot<T> {
  get(): Promise<T | undefined>;
  set(value: T): Promise<void>;
}

/** The wall clock of editor activity across every window and the CLI (capture events), not guessed. */
export interface ActivityClock {
  /** When the person last did something in any editor window; undefined when never. */
  lastActivity(): Promise<Date | undefined>;
}

/** An action an agent asks for. The decision engine decides; the agent never runs a skill itself. */
export interface AgentProposal {
  skill: string;
  args: Record<string, unknown>;
  /** Why, shown to the person: quote and cite what the agent saw. */
  reason: string;
  /** Absolute workspace root the action is about. */
  workspace?: string;
}

/** The proposal as the decision engine left it: `pending` waits for the person; `denied`, `executed`… */
export interface AgentProposalOutcome {
  id: string;
  status: string;
}

export interface AgentContext {
  readonly runId: string;
  readonly trigger: AgentTrigger;
  readonly store: ProfileStore;
  readonly persona: Persona;
  readonly settings: SettingsSnapshot;
  /** Absent with the offline provider. */
  readonly model?: AgentModel;
  readonly search: AgentSearch;
  readonly activity: ActivityClock;
  readonly state: AgentStateSlot<Record<string, unknown>>;
  /** Aborted when the person cancels, autonomy is paused, or the engine stops. Check it between steps. */
  readonly signal: AbortSignal;
  now(): Date;
  emit(output: AgentOutput): void;
  log(level: 'info' | 'warn' | 'error', message: string): void;
  /** Counts a record written or patched by this run (for the run record and its audit). */
  wrote(id: string): void;
  /** Runs another agent inside this run (the sleep service runs the dreamer); waits for it. */
  runAgent(id: AgentId): Promise<AgentRunRecord>;
  /**
   * Proposes an action through the decision engine, as `agent:<this agent's id>` (the scheduler sets
   * the source; an agent cannot choose another). Resolves undefined when the engine would not take
   * it (the error is logged). Absent where no decision engine is wired (tests, bare schedulers).
   */
  readonly propose?: (input: AgentProposal) => Promise<AgentProposalOutcome | undefined>;
  /** Maintenance the engine owns: the memory index's compaction. Absent where there is no index. */
  compactIndex?(): Promise<IndexCompaction | string>;
}

export interface AgentResult {
  /** `skipped` when there was nothing to do (no new records, outside the window, daily cap reached). */
  outcome: 'ok' | 'skipped';
  /** One line for the agents view and `mh agents status`. */
  summary: string;
}

export interface Agent {
  readonly id: AgentId;
  readonly title: string;
  /** One sentence for the agents view and `mh agents list`. */
  readonly description: string;
  /** node-cron expression for its regular check; the agent itself decides whether there is work. */
  readonly schedule?: string;
  run(ctx: AgentContext): Promise<AgentResult>;
}

/** One line of `agents/runs.jsonl`. */
export interface AgentRunRecord {
  runId: string;
  agent: AgentId;
  trigger: AgentTrigger;
  start: string;
  end?: string;
  /**
   * `interrupted`: the run's process was killed before its end line. Readers show a `running` run
   * whose process is gone so; the next run of the agent to take over its claim writes it down.
   */
  outcome: 'running' | 'ok' | 'skipped' | 'error' | 'cancelled' | 'interrupted';
  summary?: string;
  modelCalls: number;
  recordsWritten: number;
  /** Up to 100 ids of the records written. */
  ids: string[];
  error?: string;
  /** The process that ran it, so readers can tell a run still going from one whose process was killed. */
  pid?: number;
  hostname?: string;
}
