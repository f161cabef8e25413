import type { CaptureEvent, CaptureWorkspace } from '../captureEvent';
import type { CaptureSettings } from '../captureSettings';
import { writeEmissions, type CaptureSink } from '../captureWriter';
import { CaptureGate } from '../privacy/captureGate';
import { PathFilter, type GitignoreSource } from '../privacy/pathFilter';
import { createPathHasher } from '../privacy/pathHasher';
import { SessionBuilder } from '../sessions/sessionBuilder';
import type { CaptureEmission } from '../sessions/sessionTypes';
import { parseCommitHistory, type BadLine, type HistoryCommit } from './commitHistory';

export interface ReplayOptions {
  /** The project the records belong to. */
  workspace: CaptureWorkspace;
  /** The same capture settings as live capture: idle gap, exclude globs, redaction, hashed paths. */
  settings: CaptureSettings;
  /** Salt for hashed paths (when `settings.hashPaths`). */
  pathSalt?: string;
  /** `.gitignore` rules of the repository, when known (import-git reads them). */
  gitignores?: readonly GitignoreSource[];
  /** Keep only commits whose author contains this (case-insensitive): the twin's own history. */
  author?: string;
}

export interface ReplayResult {
  emissions: CaptureEmission[];
  /** The builder holding the refs, for `writeEmissions`. */
  builder: SessionBuilder;
  commits: number;
  sessions: number;
  /** Commits left out by the author filter, opt-out or the capture switches. */
  filtered: number;
  skipped: BadLine[];
}

/** A history commit as the `git/commit` capture event live capture would have produced. */
export function commitToEvent(commit: HistoryCommit, workspace: CaptureWorkspace): CaptureEvent {
  const body = (commit.body ?? '').trim();
  return {
    type: 'git/commit',
    ts: new Date(Date.parse(commit.date)).toISOString(),
    workspace,
    sha: commit.sha,
    message: body ? `${commit.subject}\n\n${body}` : commit.subject,
    files: commit.files.map((f) => ({ path: f.path, ...(f.added != null ? { added: f.added } : {}), ...(f.deleted != null ? { deleted: f.deleted } : {}) })),
    ...(commit.author ? { author: commit.author } : {}),
  };
}

/**
 * Feeds a commit history through the same gate and session builder as live capture: each commit
 * is a git event at its author date, sessions split on the idle gap, and every session ends with
 * a summary. Records carry source `replay:git` / `replay:session`. Nothing is written here.
 */
export function replayCommits(commits: readonly HistoryCommit[], options: ReplayOptions, skipped: BadLine[] = []): ReplayResult {
  const filter = new PathFilter({ excludeGlobs: options.settings.excludeGlobs, gitignores: options.gitignores });
  const hasher = options.settings.hashPaths && options.pathSalt ? createPathHasher(options.pathSalt) : undefined;
  const gate = new CaptureGate(options.settings.privacy, { filterFor: () => filter, hasher });
  const author = options.author?.toLowerCase();
  const events: CaptureEvent[] = [];
  let filtered = 0;
  for (const commit of commits) {
    if (author && !(commit.author ?? '').toLowerCase().includes(author)) {
      filtered++;
      continue;
    }
    const admitted = gate.admit(commitToEvent(commit, options.workspace)).event;
    if (admitted) events.push(admitted);
    else filtered++;
  }
  // A replay has no "now": the clock is the last commit, and closeAll ends the final session.
  const last = events.reduce((m, e) => Math.max(m, Date.parse(e.ts)), 0);
  const builder = new SessionBuilder({ idleMs: options.settings.idleMs, sourcePrefix: 'replay', clock: () => last });
  const emissions = [...builder.push(events), ...builder.closeAll()];
  return {
    emissions,
    builder,
    commits: events.length,
    sessions: emissions.filter((e) => e.summarizes).length,
    filtered,
    skipped,
  };
}

/** `replayCommits` over JSON lines (a history file's content or its lines). */
export function replayCommitHistory(lines: string | readonly string[], options: ReplayOptions): ReplayResult {
  const { commits, bad } = parseCommitHistory(lines);
  return replayCommits(commits, options, bad);
}

export interface ReplayReport {
  events: number;
  sessions: number;
  filtered: number;
  skipped: BadLine[];
}

/** Writes a replay's records (events, then linked summaries). */
export async function writeReplay(sink: CaptureSink, result: ReplayResult): Promise<ReplayReport> {
  const written = await writeEmissions(sink, result.builder, result.emissions);
  return { events: written.events, sessions: written.summaries, filtered: result.filtered, skipped: result.skipped };
}
