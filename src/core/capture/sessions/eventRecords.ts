import type { NewMemoryRecord } from '../../memory/memoryLog';
import type { CaptureEventOf, CaptureOutcome, CaptureWorkspace } from '../captureEvent';
import { librariesFromCommand } from './entityExtraction';
import type { Burst } from './sessionTypes';

/**
 * Turns one admitted event (or a finished edit burst) into a memory record: a short sentence the
 * person would recognise, plus the same facts structured in `meta` for the organizer and views.
 * Text has already been redacted and paths hashed by the gate.
 */

/** Longest commit message kept in a record's text; the subject always survives. */
const MESSAGE_MAX = 2_000;
/** Most files named in a commit record (its meta keeps up to FILES_META_MAX). */
const FILES_IN_TEXT = 8;
const FILES_META_MAX = 100;
const ENTITY_FILES_MAX = 20;

export interface RecordContext {
  sourcePrefix: string;
  sessionId: string;
  workspace: CaptureWorkspace;
}

function base(ctx: RecordContext, area: string, ts: number, text: string, tags: string[], entities: string[], meta: Record<string, unknown>): NewMemoryRecord {
  return {
    kind: 'event',
    ts: new Date(ts).toISOString(),
    text,
    source: `${ctx.sourcePrefix}:${area}`,
    project: ctx.workspace.name,
    tags: ['capture', ...tags],
    entities: dedupe(entities),
    meta: { session: ctx.sessionId, ...meta },
  };
}

export function editRecord(ctx: RecordContext, burst: Burst, saved: boolean): NewMemoryRecord {
  const lines = `+${burst.linesAdded}/-${burst.linesRemoved} lines`;
  const span = burst.lastTs > burst.startTs ? ` over ${formatDuration(burst.lastTs - burst.startTs)}` : '';
  return base(ctx, 'editor', burst.startTs, `Edited ${burst.file} (${lines}${span}${saved ? ', saved' : ''})`, ['edit'], [burst.file], {
    capture: 'file/edited',
    file: burst.file,
    edits: burst.edits,
    linesAdded: burst.linesAdded,
    linesRemoved: burst.linesRemoved,
    saved,
    endTs: new Date(burst.lastTs).toISOString(),
    ...(burst.languageId ? { languageId: burst.languageId } : {}),
  });
}

const FILE_VERBS = { 'file/opened': 'Opened', 'file/saved': 'Saved', 'file/created': 'Created', 'file/deleted': 'Deleted' } as const;

export function fileRecord(
  ctx: RecordContext,
  event: CaptureEventOf<'file/opened' | 'file/saved' | 'file/created' | 'file/deleted'>,
  ts: number,
): NewMemoryRecord {
  const tag = event.type.slice('file/'.length);
  return base(ctx, 'editor', ts, `${FILE_VERBS[event.type]} ${event.file}`, [tag], [event.file], { capture: event.type, file: event.file });
}

export function renameRecord(ctx: RecordContext, event: CaptureEventOf<'file/renamed'>, ts: number): NewMemoryRecord {
  return base(ctx, 'editor', ts, `Renamed ${event.oldFile} to ${event.file}`, ['renamed'], [event.file, event.oldFile], {
    capture: event.type,
    file: event.file,
    oldFile: event.oldFile,
  });
}

export function commitSubject(message: string): string {
  return message.split('\n', 1)[0].trim();
}

export function commitRecord(ctx: RecordContext, event: CaptureEventOf<'git/commit'>, ts: number): NewMemoryRecord {
  const subject = commitSubject(event.message);
  const body = event.message.slice(event.message.indexOf('\n') + 1).trim();
  const added = sum(event.files.map((f) => f.added ?? 0));
  const deleted = sum(event.files.map((f) => f.deleted ?? 0));
  const total = event.filesTotal ?? event.files.length;
  const known = event.files.some((f) => f.added !== undefined || f.deleted !== undefined);
  const names = event.files.slice(0, FILES_IN_TEXT).map((f) => f.path).join(', ') + (total > FILES_IN_TEXT ? ', …' : '');
  const stats = `${total} file${total === 1 ? '' : 's'}${known ? `, +${added}/-${deleted}` : ''}`;
  const head = `Committed ${event.sha.slice(0, 7)}${event.branch ? ` on ${event.branch}` : ''}: ${subject}`;
  const text = [head, body && event.message.indexOf('\n') >= 0 ? clip(body, MESSAGE_MAX) : '', `(${stats}${names ? `: ${names}` : ''})`]
    .filter(Boolean)
    .join('\n\n');
  return base(
    ctx,
    'git',
    ts,
    text,
    ['commit'],
    [...(event.branch ? [event.branch] : []), ...event.files.slice(0, ENTITY_FILES_MAX).map((f) => f.path)],
    {
      capture: event.type,
      sha: event.sha,
      subject,
      ...(event.branch ? { branch: event.branch } : {}),
      ...(event.author ? { author: event.author } : {}),
      files: event.files.slice(0, FILES_META_MAX),
      filesTotal: total,
      ...(known ? { linesAdded: added, linesDeleted: deleted } : {}),
    },
  );
}

export function branchRecord(ctx: RecordContext, event: CaptureEventOf<'git/branch'>, ts: number): NewMemoryRecord {
  const text = event.from ? `Switched branch from ${event.from} to ${event.to}` : `Switched to branch ${event.to}`;
  return base(ctx, 'git', ts, text, ['branch'], [event.to, ...(event.from ? [event.from] : [])], {
    capture: event.type,
    to: event.to,
    ...(event.from ? { from: event.from } : {}),
  });
}

export function syncRecord(ctx: RecordContext, event: CaptureEventOf<'git/pull' | 'git/push'>, ts: number): NewMemoryRecord {
  const pull = event.type === 'git/pull';
  const what = event.branch ?? 'the current branch';
  const text = `${pull ? 'Pulled' : 'Pushed'} ${what}${event.remote ? ` ${pull ? 'from' : 'to'} ${event.remote}` : ''}`;
  return base(ctx, 'git', ts, text, [pull ? 'pull' : 'push'], event.branch ? [event.branch] : [], {
    capture: event.type,
    ...(event.branch ? { branch: event.branch } : {}),
    ...(event.remote ? { remote: event.remote } : {}),
  });
}

export function commandRecord(ctx: RecordContext, event: CaptureEventOf<'terminal/command'>, ts: number): NewMemoryRecord {
  const exit = event.exitCode === undefined ? '' : event.exitCode === 0 ? ' (ok)' : ` (exit ${event.exitCode})`;
  const failed = event.exitCode !== undefined && event.exitCode !== 0;
  return base(ctx, 'terminal', ts, `Ran \`${clip(event.commandLine, 500)}\`${exit}`, ['command', ...(failed ? ['failed'] : [])], librariesFromCommand(event.commandLine), {
    capture: event.type,
    commandLine: event.commandLine,
    ...(event.exitCode !== undefined ? { exitCode: event.exitCode } : {}),
    ...(event.cwd ? { cwd: event.cwd } : {}),
  });
}

export function fixedRecord(
  ctx: RecordContext,
  event: CaptureEventOf<'diagnostics/fixed'>,
  ts: number,
  appeared?: { ts: number; count: number; firstMessage: string },
): NewMemoryRecord {
  const message = event.firstMessage ?? appeared?.firstMessage;
  const after = appeared ? ` after ${formatDuration(ts - appeared.ts)}` : '';
  const n = event.count;
  return base(ctx, 'diagnostics', ts, `Fixed ${n} error${n === 1 ? '' : 's'} in ${event.file}${message ? `: ${clip(message, 300)}` : ''}${after}`, ['error-fixed'], [event.file], {
    capture: event.type,
    file: event.file,
    count: n,
    ...(message ? { firstMessage: message } : {}),
    ...(appeared ? { appearedTs: new Date(appeared.ts).toISOString(), msToFix: ts - appeared.ts } : {}),
  });
}

export function runRecord(
  ctx: RecordContext,
  event: CaptureEventOf<'debug/ended' | 'task/ended'>,
  ts: number,
  startedTs: number | undefined,
): NewMemoryRecord {
  const debug = event.type === 'debug/ended';
  const duration = startedTs !== undefined ? ` after ${formatDuration(ts - startedTs)}` : '';
  const outcome: CaptureOutcome = event.outcome;
  const exit = !debug && event.exitCode !== undefined ? ` (exit ${event.exitCode})` : '';
  const text = `${debug ? 'Debug session' : 'Task'} "${event.name}" ended: ${outcome}${exit}${duration}`;
  return base(ctx, debug ? 'debug' : 'task', ts, text, [debug ? 'debug' : 'task', ...(outcome === 'failure' ? ['failed'] : [])], [], {
    capture: event.type,
    name: event.name,
    outcome,
    ...(event.kind ? { runKind: event.kind } : {}),
    ...(!debug && event.exitCode !== undefined ? { exitCode: event.exitCode } : {}),
    ...(startedTs !== undefined ? { startedTs: new Date(startedTs).toISOString(), durationMs: ts - startedTs } : {}),
  });
}

/** `1h05m`, `12m`, `40s`: durations as a person reads them in a summary. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m}m`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function dedupe(values: string[]): string[] {
  return [...new Set(values.filter((v) => v.length > 0))];
}
