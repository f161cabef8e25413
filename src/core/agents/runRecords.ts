import { randomBytes } from 'node:crypto';
import { splitLines, tryParse } from '../profile/jsonlLines';
import { isAlive, type ProfileFiles } from '../profile/profileFiles';
import type { ProfileLock } from '../profile/profileLock';
import { AGENT_IDS, type AgentId, type AgentRunRecord } from './agentTypes';
import { claimGone, claimPlace, readClaim, THIS_HOST } from './runClaims';

export const RUNS_FILE = 'agents/runs.jsonl';
const FORMAT = 'metahuman.agent-runs';

export interface RunRecordsOptions {
  /** Past this size the file is rewritten with its newest `keepLines` lines (default 4 MB). */
  maxBytes?: number;
  /** Lines kept by that rewrite (default 4000: weeks of runs). */
  keepLines?: number;
  /** A `running` run this old with no live claim is taken for interrupted (default 6 h: longer than any run). */
  runningBoundMs?: number;
}

/** What the model budget needs of one run: when its calls count and how many there were. */
export interface RunCalls {
  at: number;
  calls: number;
  /** Its end (or an interruption) is recorded: the count is final. */
  finished: boolean;
}

/**
 * `agents/runs.jsonl`: one line when a run starts (`running`) and one when it ends (the whole
 * record again), appended under the profile lock. Readers fold lines by `runId`, so the end line
 * replaces the start line; a torn or damaged line is skipped. The file is history for the agents
 * view and the model budget, not the truth of anything, so it is kept bounded by dropping its
 * oldest lines. A `running` run whose process is gone (its claim, or its pid on this host) or that
 * is implausibly old reads as `interrupted`: a killed process never writes its end line.
 */
export class RunRecords {
  private readonly maxBytes: number;
  private readonly keepLines: number;
  private readonly runningBoundMs: number;
  private readonly tail: { ino: number; header: Buffer; offset: number; runs: Map<string, RunCalls> } = { ino: -1, header: Buffer.alloc(0), offset: 0, runs: new Map() };

  constructor(
    private readonly files: ProfileFiles,
    private readonly lock: ProfileLock,
    options: RunRecordsOptions = {},
  ) {
    this.maxBytes = options.maxBytes ?? 4 * 1024 * 1024;
    this.keepLines = options.keepLines ?? 4000;
    this.runningBoundMs = options.runningBoundMs ?? 6 * 3_600_000;
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
    return [...runs.values()].map((run) => this.settle(run)).sort((a, b) => a.start.localeCompare(b.start));
  }

  /** One run in its latest state, if the file has it. */
  find(runId: string): AgentRunRecord | undefined {
    return this.all().find((run) => run.runId === runId);
  }

  /**
   * The model calls of every run in the file, by run id, read incrementally: only lines appended
   * since the last call are parsed (the whole file again only after it was trimmed). Runs whose
   * calls all fall before `sinceMs` are forgotten.
   */
  callsByRun(sinceMs: number): ReadonlyMap<string, RunCalls> {
    const tail = this.tail;
    let stat;
    try {
      stat = this.files.fs.statSync(this.files.abs(RUNS_FILE));
    } catch {
      tail.runs.clear();
      tail.offset = 0;
      return tail.runs;
    }
    // A trim renames a new file over it; its inode may be a reused one, but its header is new.
    const sameFile = stat.ino === tail.ino && stat.size >= tail.offset && this.files.readRange(RUNS_FILE, 0, tail.header.length, stat.ino)?.equals(tail.header);
    if (!sameFile) {
      tail.ino = stat.ino;
      tail.offset = 0;
      tail.header = Buffer.alloc(0);
      tail.runs.clear();
    }
    if (stat.size > tail.offset) {
      const bytes = this.files.readRange(RUNS_FILE, tail.offset, stat.size, stat.ino);
      // Renamed over (trimmed) since the stat: the next call reads the new file from its start.
      if (!bytes) tail.ino = -1;
      else {
        const split = splitLines(bytes, tail.offset, 1);
        if (tail.offset === 0 && split.lines.length > 0) tail.header = bytes.subarray(0, split.lines[0].end);
        for (const line of split.lines) {
          const record = asRunRecord(tryParse(line.text));
          if (record) tail.runs.set(record.runId, { at: Date.parse(record.end ?? record.start), calls: record.modelCalls, finished: record.outcome !== 'running' });
        }
        tail.offset = split.consumed;
      }
    }
    for (const [runId, run] of tail.runs) if (run.finished && !(run.at > sinceMs)) tail.runs.delete(runId);
    return tail.runs;
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

  /** A `running` record as it really stands: still running, or interrupted when its process is gone. */
  private settle(run: AgentRunRecord): AgentRunRecord {
    if (run.outcome !== 'running' || this.stillRunning(run)) return run;
    const who = run.pid !== undefined ? `the ${claimPlace({ pid: run.pid, hostname: run.hostname ?? THIS_HOST })}` : 'its process';
    return { ...run, outcome: 'interrupted', summary: `Interrupted: ${who} stopped before the run ended.` };
  }

  private stillRunning(run: AgentRunRecord): boolean {
    const claim = readClaim(this.files, run.agent);
    if (claim?.runId === run.runId) return !claimGone(claim);
    if (run.pid !== undefined && run.hostname === THIS_HOST && run.pid !== process.pid && !isAlive(run.pid)) return false;
    return this.files.clock().getTime() - Date.parse(run.start) < this.runningBoundMs;
  }

  private header(): string {
    // `file` tells a rewritten file from the one before it (incremental readers start again).
    return JSON.stringify({ format: FORMAT, version: 1, created: this.files.clock().toISOString(), file: randomBytes(6).toString('hex') });
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

const OUTCOMES = new Set(['running', 'ok', 'skipped', 'error', 'cancelled', 'interrupted']);
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
