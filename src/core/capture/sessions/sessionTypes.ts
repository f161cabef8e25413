import type { NewMemoryRecord } from '../../memory/memoryLog';
import type { CaptureOutcome, CaptureWorkspace } from '../captureEvent';

/** How sessions are cut and named. Every time is in milliseconds. */
export interface SessionOptions {
  /** A pause this long ends a session (`metahuman.capture.idleMinutes`). Default 30 min. */
  idleMs: number;
  /** An edit burst on a file ends after this long without edits to it (or on save). Default 60 s. */
  burstMs: number;
  /** The longest pause between two activities still counted as active time. Default 5 min. */
  activeGapMs: number;
  /** First half of each record's `source`: `vscode` live, `replay` for imported history. */
  sourcePrefix: string;
  /** Now, for `tick()` and `closeAll()`. Injected so tests and replays are deterministic. */
  clock: () => number;
}

export const DEFAULT_SESSION_OPTIONS: SessionOptions = {
  idleMs: 30 * 60_000,
  burstMs: 60_000,
  activeGapMs: 5 * 60_000,
  sourcePrefix: 'vscode',
  clock: () => Date.now(),
};

/** An edit burst still open: one record per file per burst, written when it ends. */
export interface Burst {
  file: string;
  startTs: number;
  lastTs: number;
  edits: number;
  linesAdded: number;
  linesRemoved: number;
  languageId?: string;
}

/**
 * One recorded thing a session did. Kept (small, no text beyond a subject or command line) until
 * the session's summary is written; the summary is computed from these, so forgetting an item
 * also takes it out of the summary.
 */
export type SessionItem = { ts: number; ref: string } & (
  | { kind: 'edit'; file: string; edits: number; linesAdded: number; linesRemoved: number; saved: boolean; endTs: number }
  | { kind: 'file'; op: 'opened' | 'saved' | 'created' | 'renamed' | 'deleted'; file: string; oldFile?: string }
  | { kind: 'commit'; sha: string; subject: string; files: number; added: number; deleted: number; branch?: string }
  | { kind: 'git'; op: 'branch' | 'pull' | 'push'; branch?: string }
  | { kind: 'command'; commandLine: string; exitCode?: number }
  | { kind: 'fixed'; file: string; count: number }
  | { kind: 'run'; run: 'debug' | 'task'; name: string; outcome: CaptureOutcome }
);

/** A coding session in progress in one workspace folder. Plain data: it is the snapshot. */
export interface OpenSession {
  /** Stable id, also written in every record's `meta.session`. */
  id: string;
  workspace: CaptureWorkspace;
  startTs: number;
  /** Time of the latest activity; the session ends `idleMs` after it. */
  lastTs: number;
  activeMs: number;
  /** Last activity or focus gain that active time is counted from. */
  lastMark: number;
  /** Whether focus events were seen, so the summary can say how active time was measured. */
  focusSeen: boolean;
  /** Counter for record refs. */
  seq: number;
  items: SessionItem[];
  /** Open edit bursts by file. */
  bursts: Record<string, Burst>;
  /** Errors that appeared and are not fixed yet, by file. */
  diagnostics: Record<string, { ts: number; count: number; firstMessage: string }>;
  /** Debug sessions and tasks started and not ended yet, by `debug:<name>` / `task:<name>`. */
  runs: Record<string, number>;
  /** Events that produced no record of their own (repeat opens, focus changes) but count. */
  quiet: number;
}

/** Everything the builder knows, as JSON: persist it after each write, restore it at start. */
export interface SessionSnapshot {
  version: 1;
  /** Window focus as last reported; absent when no focus event was seen. */
  focused?: boolean;
  sessions: OpenSession[];
  /** Record ids the store assigned to refs of sessions whose summary is not written yet. */
  refIds: Record<string, string>;
  /** Emissions whose write failed (store locked, disk full), retried before the next ones. */
  unwritten?: CaptureEmission[];
}

/** One record the builder wants written. */
export interface CaptureEmission {
  /** Local name of the record until the store gives it an id (`<session>#<n>`). */
  ref: string;
  sessionId: string;
  record: NewMemoryRecord;
  /** Only on a session summary: the refs of the records it summarizes (the writer links their ids). */
  summarizes?: string[];
}
