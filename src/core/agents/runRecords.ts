import { splitLines, tryParse } from '../profile/jsonlLines';
import type { ProfileFiles } from '../profile/profileFiles';
import type { ProfileLock } from '../profile/profileLock';
import { AGENT_IDS, type AgentId, type AgentRunRecord } from './agentTypes';

export const RUNS_FILE = 'agents/runs.jsonl';
const FORMAT = 'metahuman.agent-runs';

export interface RunRecordsOptions {
  /** Past this size the file is rewritten with its newest `keepLines` lines (default 4 MB). */
  maxBytes?: number;
  /** Lines kept by that rewrite (default 4000: weeks of runs). */
  keepLines?: number;
}

/**
 * `agents/runs.jsonl`: one line when a run starts (`running`) and one when it ends (the whole
 * record again), appended under the profile lock. Readers fold lines by `runId`, so the end line
 * replaces the start line; a torn or damaged line is skipped. The file is history for the agents
 * view and the model budget, not the truth of anything, so it is kept bounded by dropping its
 * oldest lines.
 */
export class RunRecords {
  private readonly maxBytes: number;
  private readonly keepLines: number;

  constructor(
    private readonly files: ProfileFiles,
    private readonly lock: ProfileLock,
    options: RunRecordsOptions = {},
  ) {
    this.maxBytes = options.maxBytes ?? 4 * 1024 * 1024;
    this.keepLines = options.keepLines ?? 4000;
  }

  /** Appends one state of a run (its start, then its end). */
  write(record: AgentRunRecord): Promise<void> {
    return this.lock.withLock('agent-runs', () => {
      const appended = this.files.append(RUNS_FILE, [JSON.stringify(record)], () => this.header());
      if (appended.end > this.maxBytes) this.trimLocked();
    });
  }

  /** Every run in the file in its latest state, by start time, oldest first. */
  all(): AgentRunRecord[] {
    const raw = this.files.read(RUNS_FILE);
    if (!raw) return [];
    const runs = new Map<string, AgentRunRecord>();
    for (const line of splitLines(raw, 0, 1).lines) {
      const record = asRunRecord(tryParse(line.text));
      if (!record) continue;
      runs.set(record.runId, record);
    }
    return [...runs.values()].sort((a, b) => a.start.localeCompare(b.start));
  }

  /** The newest runs first. */
  recent(limit: number): AgentRunRecord[] {
    return this.all().reverse().slice(0, limit);
  }

  /** The latest run of each agent that has run. */
  lastByAgent(): Map<AgentId, AgentRunRecord> {
    const last = new Map<AgentId, AgentRunRecord>();
    for (const run of this.all()) last.set(run.agent, run);
    return last;
  }

  /**
   * When the model calls of runs in the window happened, as well as the records tell: each call at
   * its run's end (or start, while it runs). Seeds the model budget after a restart.
   */
  modelCallTimesSince(sinceMs: number): number[] {
    const times: number[] = [];
    for (const run of this.all()) {
      const at = Date.parse(run.end ?? run.start);
      if (!(at > sinceMs)) continue;
      for (let i = 0; i < run.modelCalls; i++) times.push(at);
    }
    return times.sort((a, b) => a - b);
  }

  private header(): string {
    return JSON.stringify({ format: FORMAT, version: 1, created: this.files.clock().toISOString() });
  }

  /** Keeps the newest lines; a run whose start line is dropped keeps its (complete) end line. */
  private trimLocked(): void {
    const raw = this.files.read(RUNS_FILE);
    if (!raw) return;
    const lines = splitLines(raw, 0, 1).lines.filter((l) => asRunRecord(tryParse(l.text)));
    const kept = lines.slice(-this.keepLines).map((l) => `${l.text}\n`);
    this.files.writeAtomic(RUNS_FILE, `${this.header()}\n${kept.join('')}`);
  }
}

const OUTCOMES = new Set(['running', 'ok', 'skipped', 'error', 'cancelled']);
const AGENTS = new Set<string>(AGENT_IDS);

/** A parsed line that is a run record; undefined for the header or a damaged line. */
function asRunRecord(value: unknown): AgentRunRecord | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const r = value as Partial<AgentRunRecord>;
  if (typeof r.runId !== 'string' || typeof r.agent !== 'string' || !AGENTS.has(r.agent)) return undefined;
  if (typeof r.start !== 'string' || typeof r.outcome !== 'string' || !OUTCOMES.has(r.outcome)) return undefined;
  return {
    ...(r as AgentRunRecord),
    modelCalls: typeof r.modelCalls === 'number' ? r.modelCalls : 0,
    recordsWritten: typeof r.recordsWritten === 'number' ? r.recordsWritten : 0,
    ids: Array.isArray(r.ids) ? r.ids.filter((id): id is string => typeof id === 'string') : [],
  };
}
