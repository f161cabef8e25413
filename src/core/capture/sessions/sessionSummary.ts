import type { NewMemoryRecord } from '../../memory/memoryLog';
import { librariesFromCommand } from './entityExtraction';
import { clip, formatDuration } from './eventRecords';
import type { OpenSession } from './sessionTypes';

/** Caps that keep a summary record small however long the session was. */
const FILES_META_MAX = 100;
const COMMITS_META_MAX = 50;
const COMMAND_SAMPLES = 10;
const FILES_IN_TEXT = 5;
const COMMITS_IN_TEXT = 3;
const ENTITIES_MAX = 40;

/** What a finished session amounts to; the summary record's `meta.summary`. */
export interface SessionFigures {
  startTs: string;
  endTs: string;
  durationMs: number;
  activeMs: number;
  /** `focus`: measured from window focus; `activity`: estimated from the gaps between events. */
  activeTimeFrom: 'focus' | 'activity';
  files: Array<{ path: string; edits: number; linesAdded: number; linesRemoved: number; saved: boolean }>;
  filesTotal: number;
  linesAdded: number;
  linesRemoved: number;
  commits: Array<{ sha: string; subject: string }>;
  commitsTotal: number;
  commands: { count: number; failed: number; samples: string[] };
  errorsFixed: number;
  errorsLeft: number;
  runs: Array<{ run: 'debug' | 'task'; name: string; outcome: string }>;
  branches: string[];
  /** Records the summary links. */
  events: number;
}

/** The numbers of a session, from its items (so a forgotten item is out of the summary too). */
export function sessionFigures(session: OpenSession): SessionFigures {
  const files = new Map<string, SessionFigures['files'][number]>();
  const touch = (path: string) => {
    let f = files.get(path);
    if (!f) files.set(path, (f = { path, edits: 0, linesAdded: 0, linesRemoved: 0, saved: false }));
    return f;
  };
  const commits: SessionFigures['commits'] = [];
  const commands = { count: 0, failed: 0, samples: [] as string[] };
  const runs: SessionFigures['runs'] = [];
  const branches = new Set<string>();
  let errorsFixed = 0;
  for (const item of session.items) {
    switch (item.kind) {
      case 'edit': {
        const f = touch(item.file);
        f.edits += item.edits;
        f.linesAdded += item.linesAdded;
        f.linesRemoved += item.linesRemoved;
        f.saved ||= item.saved;
        break;
      }
      case 'file':
        if (item.op !== 'opened') touch(item.file).saved ||= item.op === 'saved';
        break;
      case 'commit':
        commits.push({ sha: item.sha, subject: item.subject });
        if (item.branch) branches.add(item.branch);
        break;
      case 'git':
        if (item.branch) branches.add(item.branch);
        break;
      case 'command':
        commands.count++;
        if (item.exitCode !== undefined && item.exitCode !== 0) commands.failed++;
        if (commands.samples.length < COMMAND_SAMPLES) commands.samples.push(clip(item.commandLine, 200));
        break;
      case 'fixed':
        errorsFixed += item.count;
        break;
      case 'run':
        runs.push({ run: item.run, name: item.name, outcome: item.outcome });
        break;
    }
  }
  const fileList = [...files.values()].sort((a, b) => b.linesAdded + b.linesRemoved - (a.linesAdded + a.linesRemoved) || b.edits - a.edits);
  const end = Math.max(session.lastTs, session.startTs);
  return {
    startTs: new Date(session.startTs).toISOString(),
    endTs: new Date(end).toISOString(),
    durationMs: end - session.startTs,
    activeMs: Math.min(session.activeMs, end - session.startTs),
    activeTimeFrom: session.focusSeen ? 'focus' : 'activity',
    files: fileList.slice(0, FILES_META_MAX),
    filesTotal: fileList.length,
    linesAdded: fileList.reduce((a, f) => a + f.linesAdded, 0),
    linesRemoved: fileList.reduce((a, f) => a + f.linesRemoved, 0),
    commits: commits.slice(0, COMMITS_META_MAX),
    commitsTotal: commits.length,
    commands,
    errorsFixed,
    errorsLeft: Object.values(session.diagnostics).reduce((a, d) => a + d.count, 0),
    runs: runs.slice(0, 20),
    branches: [...branches],
    events: session.items.length,
  };
}

/** Worth a summary: something was done beyond looking at files. */
export function isWorthSummarizing(session: OpenSession): boolean {
  return session.items.some((i) => !(i.kind === 'file' && i.op === 'opened'));
}

/** The session-summary record (kind `event`, tag `session-summary`). Links are added by the writer. */
export function summaryRecord(session: OpenSession, sourcePrefix: string): NewMemoryRecord {
  const f = sessionFigures(session);
  const parts: string[] = [];
  if (f.filesTotal > 0) {
    const names = f.files.slice(0, FILES_IN_TEXT).map((x) => x.path).join(', ') + (f.filesTotal > FILES_IN_TEXT ? ', …' : '');
    parts.push(`edited ${f.filesTotal} file${f.filesTotal === 1 ? '' : 's'} (+${f.linesAdded}/-${f.linesRemoved}: ${names})`);
  }
  if (f.commitsTotal > 0) {
    const subjects = f.commits.slice(0, COMMITS_IN_TEXT).map((c) => `"${clip(c.subject, 80)}"`).join(', ') + (f.commitsTotal > COMMITS_IN_TEXT ? ', …' : '');
    parts.push(`${f.commitsTotal} commit${f.commitsTotal === 1 ? '' : 's'} (${subjects})`);
  }
  if (f.commands.count > 0) parts.push(`ran ${f.commands.count} command${f.commands.count === 1 ? '' : 's'}${f.commands.failed ? ` (${f.commands.failed} failed)` : ''}`);
  if (f.errorsFixed > 0) parts.push(`fixed ${f.errorsFixed} error${f.errorsFixed === 1 ? '' : 's'}`);
  if (f.errorsLeft > 0) parts.push(`${f.errorsLeft} error${f.errorsLeft === 1 ? '' : 's'} left open`);
  if (f.runs.length > 0) parts.push(`${f.runs.length} debug/task run${f.runs.length === 1 ? '' : 's'}`);
  const start = f.startTs.slice(0, 16).replace('T', ' ');
  // A one-moment session (a lone commit in a replay) has no span worth printing.
  const when = f.durationMs > 0
    ? `${start}–${f.endTs.slice(11, 16)} UTC (${formatDuration(f.durationMs)}, ${formatDuration(f.activeMs)} active)`
    : `${start} UTC`;
  const text = `Coding session on ${session.workspace.name}, ${when}${parts.length ? `: ${parts.join('; ')}` : ''}.`;
  const libraries = session.items.flatMap((i) => (i.kind === 'command' ? librariesFromCommand(i.commandLine) : []));
  return {
    kind: 'event',
    ts: f.startTs,
    text,
    source: `${sourcePrefix}:session`,
    project: session.workspace.name,
    tags: ['capture', 'session-summary'],
    entities: [...new Set([...f.branches, ...libraries, ...f.files.map((x) => x.path)])].slice(0, ENTITIES_MAX),
    meta: { session: session.id, capture: 'session', summary: f },
  };
}
