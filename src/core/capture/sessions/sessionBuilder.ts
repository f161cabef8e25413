import type { MemoryLink } from '../../memory/record';
import type { CaptureEvent, CaptureEventOf } from '../captureEvent';
import {
  branchRecord,
  commandRecord,
  commitRecord,
  commitSubject,
  editRecord,
  fileRecord,
  fixedRecord,
  renameRecord,
  runRecord,
  syncRecord,
  type RecordContext,
} from './eventRecords';
import { isWorthSummarizing, summaryRecord } from './sessionSummary';
import {
  DEFAULT_SESSION_OPTIONS,
  type CaptureEmission,
  type OpenSession,
  type SessionItem,
  type SessionOptions,
  type SessionSnapshot,
} from './sessionTypes';

/**
 * Folds admitted capture events into coding sessions, one open session per workspace folder.
 * Events become records as they happen (edit bursts when they end); a session ends after
 * `idleMs` without activity and becomes a summary record that links them. Time comes only from
 * the events and the injected clock, so the same inputs always give the same records, and all
 * state is plain data (`snapshot()` / `SessionBuilder.restore()`).
 *
 * The builder names records by ref (`<session>#<n>`); whoever writes them reports the ids the
 * store assigned (`bindIds`) so a summary can link its events (`linksFor`).
 */
export class SessionBuilder {
  private readonly options: SessionOptions;
  private state: SessionSnapshot;

  constructor(options: Partial<SessionOptions> = {}, snapshot?: SessionSnapshot) {
    this.options = { ...DEFAULT_SESSION_OPTIONS, ...options };
    this.state = snapshot ? structuredClone(snapshot) : { version: 1, sessions: [], refIds: {} };
  }

  static restore(snapshot: SessionSnapshot, options: Partial<SessionOptions> = {}): SessionBuilder {
    return new SessionBuilder(options, snapshot);
  }

  /** A deep copy of the state, safe to JSON-serialize and keep. */
  snapshot(): SessionSnapshot {
    return structuredClone(this.state);
  }

  /** Sessions in progress (for status and tests). */
  openSessions(): readonly OpenSession[] {
    return this.state.sessions;
  }

  /** Takes a batch of admitted events (any order; sorted by time here) and returns what to write. */
  push(events: readonly CaptureEvent[]): CaptureEmission[] {
    const out: CaptureEmission[] = [];
    const timed = events.map((event, i) => ({ event, t: Date.parse(event.ts), i })).sort((a, b) => a.t - b.t || a.i - b.i);
    for (const { event, t } of timed) {
      if (Number.isNaN(t)) continue;
      this.expire(t, out);
      if (event.type === 'focus/gained' || event.type === 'focus/lost') this.focus(event.type === 'focus/gained', t);
      else this.activity(event, t, out);
    }
    return out;
  }

  /** Ends bursts and sessions that have been idle long enough by `now` (default: the clock). Call every minute or so. */
  tick(now: number = this.options.clock()): CaptureEmission[] {
    const out: CaptureEmission[] = [];
    this.expire(now, out);
    return out;
  }

  /** Ends every session now (end of a replay; the person asked). Live capture lets idle time do it. */
  closeAll(): CaptureEmission[] {
    const out: CaptureEmission[] = [];
    for (const session of [...this.state.sessions]) this.close(session, out);
    return out;
  }

  /** Records the ids the store gave to emitted records. */
  bindIds(pairs: ReadonlyArray<readonly [ref: string, id: string]>): void {
    for (const [ref, id] of pairs) this.state.refIds[ref] = id;
  }

  /** The summary's links to its events (those written), `summarizes` each. */
  linksFor(emission: CaptureEmission): MemoryLink[] {
    return (emission.summarizes ?? []).flatMap((ref) => {
      const id = this.state.refIds[ref];
      return id ? [{ rel: 'summarizes', id }] : [];
    });
  }

  /** Keeps emissions a failed write could not store; they go first at the next write. */
  holdUnwritten(emissions: readonly CaptureEmission[]): void {
    if (emissions.length > 0) this.state.unwritten = [...(this.state.unwritten ?? []), ...structuredClone(emissions)];
  }

  /** Takes (and clears) the emissions held back by a failed write. */
  takeUnwritten(): CaptureEmission[] {
    const held = this.state.unwritten ?? [];
    delete this.state.unwritten;
    return held;
  }

  /** After a summary is written its events' ids are no longer needed. */
  release(emission: CaptureEmission): void {
    for (const ref of emission.summarizes ?? []) delete this.state.refIds[ref];
  }

  /**
   * Forgets everything from `since` on (ms): items, bursts, pending errors and runs; a session
   * that started since then is dropped without a summary. The records already written are the
   * store's to forget; this keeps them out of the summary still to come.
   */
  forgetSince(since: number): void {
    const kept: OpenSession[] = [];
    for (const session of this.state.sessions) {
      const dropped = session.items.filter((i) => i.ts >= since);
      for (const item of dropped) delete this.state.refIds[item.ref];
      if (session.startTs >= since) {
        for (const item of session.items) delete this.state.refIds[item.ref];
        continue;
      }
      session.items = session.items.filter((i) => i.ts < since);
      for (const [file, burst] of Object.entries(session.bursts)) if (burst.lastTs >= since) delete session.bursts[file];
      for (const [file, d] of Object.entries(session.diagnostics)) if (d.ts >= since) delete session.diagnostics[file];
      for (const [key, ts] of Object.entries(session.runs)) if (ts >= since) delete session.runs[key];
      const lastKept = Math.max(session.startTs, ...session.items.map((i) => i.ts), ...Object.values(session.bursts).map((b) => b.lastTs));
      session.lastTs = Math.min(session.lastTs, lastKept);
      session.lastMark = Math.min(session.lastMark, session.lastTs);
      session.activeMs = Math.min(session.activeMs, session.lastTs - session.startTs);
      kept.push(session);
    }
    this.state.sessions = kept;
  }

  private expire(now: number, out: CaptureEmission[]): void {
    for (const session of [...this.state.sessions]) {
      if (now - session.lastTs > this.options.idleMs) {
        this.close(session, out);
        continue;
      }
      for (const burst of Object.values(session.bursts)) {
        if (now - burst.lastTs > this.options.burstMs) this.endBurst(session, burst.file, false, out);
      }
    }
  }

  private focus(gained: boolean, t: number): void {
    for (const session of this.state.sessions) {
      session.focusSeen = true;
      if (gained) session.lastMark = Math.max(session.lastMark, t);
      else this.countActive(session, t);
    }
    this.state.focused = gained;
  }

  /** Time since the last mark counts as active unless the window was known to be unfocused, capped per gap. */
  private countActive(session: OpenSession, t: number): void {
    if (this.state.focused !== false && t > session.lastMark) session.activeMs += Math.min(t - session.lastMark, this.options.activeGapMs);
    session.lastMark = Math.max(session.lastMark, t);
  }

  private sessionFor(event: CaptureEvent, t: number): OpenSession {
    const key = event.workspace.folder;
    let session = this.state.sessions.find((s) => s.workspace.folder === key);
    if (!session) {
      session = {
        id: `${event.workspace.name.replace(/[^\w.-]+/g, '-').slice(0, 40)}@${new Date(t).toISOString()}#${fnv1a(key)}`,
        workspace: event.workspace,
        startTs: t,
        lastTs: t,
        activeMs: 0,
        lastMark: t,
        focusSeen: this.state.focused !== undefined,
        seq: 0,
        items: [],
        bursts: {},
        diagnostics: {},
        runs: {},
        quiet: 0,
      };
      this.state.sessions.push(session);
    }
    return session;
  }

  private activity(event: Exclude<CaptureEvent, CaptureEventOf<'focus/gained' | 'focus/lost'>>, t: number, out: CaptureEmission[]): void {
    const session = this.sessionFor(event, t);
    this.countActive(session, t);
    session.lastTs = Math.max(session.lastTs, t);
    const ctx: RecordContext = { sourcePrefix: this.options.sourcePrefix, sessionId: session.id, workspace: session.workspace };
    const emit = (record: CaptureEmission['record'], item: DistributiveOmit<SessionItem, 'ref' | 'ts'>) => {
      const ref = `${session.id}/${++session.seq}`;
      session.items.push({ ...item, ts: t, ref });
      out.push({ ref, sessionId: session.id, record });
    };

    switch (event.type) {
      case 'file/edited': {
        const burst = (session.bursts[event.file] ??= { file: event.file, startTs: t, lastTs: t, edits: 0, linesAdded: 0, linesRemoved: 0 });
        burst.lastTs = Math.max(burst.lastTs, t);
        burst.edits++;
        burst.linesAdded += event.linesAdded;
        burst.linesRemoved += event.linesRemoved;
        if (event.languageId) burst.languageId = event.languageId;
        return;
      }
      case 'file/saved':
        if (session.bursts[event.file]) return this.endBurst(session, event.file, true, out);
        return emit(fileRecord(ctx, event, t), { kind: 'file', op: 'saved', file: event.file });
      case 'file/opened':
        // Navigation is constant; the first open of a file in a session is the fact worth keeping.
        if (session.items.some((i) => i.kind === 'file' && i.op === 'opened' && i.file === event.file)) {
          session.quiet++;
          return;
        }
        return emit(fileRecord(ctx, event, t), { kind: 'file', op: 'opened', file: event.file });
      case 'file/created':
      case 'file/deleted':
        if (session.bursts[event.file]) this.endBurst(session, event.file, false, out);
        return emit(fileRecord(ctx, event, t), { kind: 'file', op: event.type === 'file/created' ? 'created' : 'deleted', file: event.file });
      case 'file/renamed':
        if (session.bursts[event.oldFile]) this.endBurst(session, event.oldFile, false, out);
        return emit(renameRecord(ctx, event, t), { kind: 'file', op: 'renamed', file: event.file, oldFile: event.oldFile });
      case 'git/commit':
        return emit(commitRecord(ctx, event, t), {
          kind: 'commit',
          sha: event.sha,
          subject: commitSubject(event.message),
          files: event.filesTotal ?? event.files.length,
          added: event.files.reduce((a, f) => a + (f.added ?? 0), 0),
          deleted: event.files.reduce((a, f) => a + (f.deleted ?? 0), 0),
          ...(event.branch ? { branch: event.branch } : {}),
        });
      case 'git/branch':
        return emit(branchRecord(ctx, event, t), { kind: 'git', op: 'branch', branch: event.to });
      case 'git/pull':
      case 'git/push':
        return emit(syncRecord(ctx, event, t), { kind: 'git', op: event.type === 'git/pull' ? 'pull' : 'push', ...(event.branch ? { branch: event.branch } : {}) });
      case 'terminal/command':
        return emit(commandRecord(ctx, event, t), { kind: 'command', commandLine: event.commandLine, ...(event.exitCode !== undefined ? { exitCode: event.exitCode } : {}) });
      case 'diagnostics/appeared':
        // Errors come and go while typing; only their fixing is a record. Still-open ones go in the summary.
        session.diagnostics[event.file] = { ts: session.diagnostics[event.file]?.ts ?? t, count: event.count, firstMessage: event.firstMessage };
        session.quiet++;
        return;
      case 'diagnostics/fixed': {
        const appeared = session.diagnostics[event.file];
        if (appeared) {
          appeared.count -= event.count;
          if (appeared.count <= 0) delete session.diagnostics[event.file];
        }
        return emit(fixedRecord(ctx, event, t, appeared), { kind: 'fixed', file: event.file, count: event.count });
      }
      case 'debug/started':
      case 'task/started':
        session.runs[`${event.type.slice(0, event.type.indexOf('/'))}:${event.name}`] = t;
        session.quiet++;
        return;
      case 'debug/ended':
      case 'task/ended': {
        const run = event.type === 'debug/ended' ? 'debug' : 'task';
        const key = `${run}:${event.name}`;
        const started = session.runs[key];
        delete session.runs[key];
        return emit(runRecord(ctx, event, t, started), { kind: 'run', run, name: event.name, outcome: event.outcome });
      }
    }
  }

  private endBurst(session: OpenSession, file: string, saved: boolean, out: CaptureEmission[]): void {
    const burst = session.bursts[file];
    if (!burst) return;
    delete session.bursts[file];
    const ref = `${session.id}/${++session.seq}`;
    const ctx: RecordContext = { sourcePrefix: this.options.sourcePrefix, sessionId: session.id, workspace: session.workspace };
    session.items.push({
      kind: 'edit',
      ts: burst.startTs,
      endTs: burst.lastTs,
      ref,
      file,
      edits: burst.edits,
      linesAdded: burst.linesAdded,
      linesRemoved: burst.linesRemoved,
      saved,
    });
    out.push({ ref, sessionId: session.id, record: editRecord(ctx, burst, saved) });
  }

  private close(session: OpenSession, out: CaptureEmission[]): void {
    for (const file of Object.keys(session.bursts)) this.endBurst(session, file, false, out);
    this.state.sessions = this.state.sessions.filter((s) => s !== session);
    if (!isWorthSummarizing(session)) {
      for (const item of session.items) delete this.state.refIds[item.ref];
      return;
    }
    out.push({
      ref: `${session.id}/summary`,
      sessionId: session.id,
      record: summaryRecord(session, this.options.sourcePrefix),
      summarizes: session.items.map((i) => i.ref),
    });
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** Short stable hash that keeps two folders with the same name apart in session ids. */
function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(36);
}
