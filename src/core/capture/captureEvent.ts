import * as v from 'valibot';

/**
 * What an editor adapter hands the engine: small, plain, serializable facts about what the person
 * did. Adapters (src/host/capture) do constant work per VS Code event and send these in batches;
 * the engine validates every event here, then filters, redacts and folds them into sessions.
 *
 * Paths: `file` is relative to `workspace.folder` with `/` separators when the file is inside it
 * (so .gitignore rules and exclude globs apply), else absolute. Never file contents.
 * Text fields (commit messages, command lines, diagnostic messages) arrive raw; the engine redacts
 * secrets before anything is written, so adapters need not.
 */

/** Longest text kept from one field; adapters should cut before sending, the schema refuses beyond. */
export const CAPTURE_TEXT_MAX = 16_384;
/** Most files listed on one commit event; larger commits send the first ones and `filesTotal`. */
export const CAPTURE_FILES_MAX = 2_000;

const IsoTs = v.pipe(
  v.string(),
  v.maxLength(40),
  v.check((s) => !Number.isNaN(Date.parse(s)), 'expected an ISO 8601 timestamp'),
);
const Text = v.pipe(v.string(), v.maxLength(CAPTURE_TEXT_MAX));
const Path = v.pipe(v.string(), v.minLength(1), v.maxLength(4_096));
const Count = v.pipe(v.number(), v.integer(), v.minValue(0));

export const CaptureWorkspaceSchema = v.object({
  /** Absolute path (or URI string for virtual workspaces) of the workspace folder. */
  folder: Path,
  /** The project's name as shown to the person (folder name, or the git repo name). */
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(256)),
});
export type CaptureWorkspace = v.InferOutput<typeof CaptureWorkspaceSchema>;

/** How a debug session or task finished. `unknown` when the editor did not say. */
export const CAPTURE_OUTCOMES = ['success', 'failure', 'cancelled', 'unknown'] as const;
export type CaptureOutcome = (typeof CAPTURE_OUTCOMES)[number];

/** Fields every event carries. */
const base = {
  /** When it happened, ISO 8601 (UTC from `Date.toISOString()` preferred). */
  ts: IsoTs,
  /** The workspace folder it happened in. */
  workspace: CaptureWorkspaceSchema,
};

export const FileOpenedEventSchema = v.object({
  type: v.literal('file/opened'),
  ...base,
  /** Path of the file (see the module comment). */
  file: Path,
  /** VS Code language id, e.g. `typescript`; helps tagging, never needed. */
  languageId: v.optional(v.pipe(v.string(), v.maxLength(64))),
});

/**
 * One or more edits to one file. Adapters may send every change or pre-coalesce a few; the session
 * builder coalesces them into one burst per file anyway (ends after an idle pause or a save).
 */
export const FileEditedEventSchema = v.object({
  type: v.literal('file/edited'),
  ...base,
  file: Path,
  /** Lines inserted by these edits (newlines in inserted text, a one-line change counts as 1). */
  linesAdded: Count,
  /** Lines removed by these edits (lines spanned by replaced ranges). */
  linesRemoved: Count,
  languageId: v.optional(v.pipe(v.string(), v.maxLength(64))),
});

export const FileSavedEventSchema = v.object({
  type: v.literal('file/saved'),
  ...base,
  file: Path,
});

export const FileCreatedEventSchema = v.object({
  type: v.literal('file/created'),
  ...base,
  file: Path,
});

export const FileRenamedEventSchema = v.object({
  type: v.literal('file/renamed'),
  ...base,
  /** The new path. */
  file: Path,
  /** The path before the rename. */
  oldFile: Path,
});

export const FileDeletedEventSchema = v.object({
  type: v.literal('file/deleted'),
  ...base,
  file: Path,
});

export const CommitFileSchema = v.object({
  /** Path relative to the repository root, `/` separators. */
  path: Path,
  /** Lines added, when known (numstat; absent from the live git API). */
  added: v.optional(Count),
  /** Lines deleted, when known. */
  deleted: v.optional(Count),
});
export type CommitFile = v.InferOutput<typeof CommitFileSchema>;

export const GitCommitEventSchema = v.object({
  type: v.literal('git/commit'),
  ...base,
  /** Full commit message (subject, blank line, body). Redacted by the engine. */
  message: Text,
  /** Files the commit touched (at most CAPTURE_FILES_MAX). */
  files: v.pipe(v.array(CommitFileSchema), v.maxLength(CAPTURE_FILES_MAX)),
  /** How many files the commit touched when `files` was cut short. */
  filesTotal: v.optional(Count),
  /** Branch checked out when committing; absent on a detached HEAD. */
  branch: v.optional(v.pipe(v.string(), v.maxLength(256))),
  /** Full or abbreviated commit hash. */
  sha: v.pipe(v.string(), v.regex(/^[0-9a-f]{4,64}$/i)),
  /** Author name, when known (replay); live capture may omit it. */
  author: v.optional(v.pipe(v.string(), v.maxLength(256))),
});

export const GitBranchEventSchema = v.object({
  type: v.literal('git/branch'),
  ...base,
  /** Branch left; absent when unknown or detached. */
  from: v.optional(v.pipe(v.string(), v.maxLength(256))),
  /** Branch now checked out. */
  to: v.pipe(v.string(), v.maxLength(256)),
});

const remoteFields = {
  /** Branch pulled into or pushed from. */
  branch: v.optional(v.pipe(v.string(), v.maxLength(256))),
  /** Remote name, e.g. `origin` (never its URL, which can hold credentials). */
  remote: v.optional(v.pipe(v.string(), v.maxLength(256))),
};

export const GitPullEventSchema = v.object({ type: v.literal('git/pull'), ...base, ...remoteFields });
export const GitPushEventSchema = v.object({ type: v.literal('git/push'), ...base, ...remoteFields });

export const TerminalCommandEventSchema = v.object({
  type: v.literal('terminal/command'),
  ...base,
  /** The command line as the shell integration reported it. Redacted by the engine. */
  commandLine: Text,
  /** Exit code; absent when the shell integration could not tell. */
  exitCode: v.optional(v.pipe(v.number(), v.integer())),
  /** Working directory when the command ran, when known. */
  cwd: v.optional(Path),
});

export const DiagnosticsAppearedEventSchema = v.object({
  type: v.literal('diagnostics/appeared'),
  ...base,
  file: Path,
  /** Errors (and warnings, if the adapter counts them) now present in the file. */
  count: Count,
  /** The first message, e.g. "Cannot find name 'foo'." Redacted by the engine. */
  firstMessage: Text,
  /** Highest severity among them. */
  severity: v.optional(v.picklist(['error', 'warning'])),
});

export const DiagnosticsFixedEventSchema = v.object({
  type: v.literal('diagnostics/fixed'),
  ...base,
  file: Path,
  /** How many went away. */
  count: Count,
  /** The first message that went away, when the adapter still has it. */
  firstMessage: v.optional(Text),
});

const runFields = {
  /** Launch configuration or task name. */
  name: v.pipe(v.string(), v.maxLength(512)),
  /** Debug type (`node`, `python`) or task source (`npm`, `shell`). */
  kind: v.optional(v.pipe(v.string(), v.maxLength(128))),
};

export const DebugStartedEventSchema = v.object({ type: v.literal('debug/started'), ...base, ...runFields });
export const DebugEndedEventSchema = v.object({
  type: v.literal('debug/ended'),
  ...base,
  ...runFields,
  outcome: v.picklist(CAPTURE_OUTCOMES),
});
export const TaskStartedEventSchema = v.object({ type: v.literal('task/started'), ...base, ...runFields });
export const TaskEndedEventSchema = v.object({
  type: v.literal('task/ended'),
  ...base,
  ...runFields,
  outcome: v.picklist(CAPTURE_OUTCOMES),
  /** Process exit code of a process task, when known. */
  exitCode: v.optional(v.pipe(v.number(), v.integer())),
});

/** The window gained focus: active time starts counting. */
export const FocusGainedEventSchema = v.object({ type: v.literal('focus/gained'), ...base });
/** The window lost focus: active time stops counting. */
export const FocusLostEventSchema = v.object({ type: v.literal('focus/lost'), ...base });

export const CaptureEventSchema = v.variant('type', [
  FileOpenedEventSchema,
  FileEditedEventSchema,
  FileSavedEventSchema,
  FileCreatedEventSchema,
  FileRenamedEventSchema,
  FileDeletedEventSchema,
  GitCommitEventSchema,
  GitBranchEventSchema,
  GitPullEventSchema,
  GitPushEventSchema,
  TerminalCommandEventSchema,
  DiagnosticsAppearedEventSchema,
  DiagnosticsFixedEventSchema,
  DebugStartedEventSchema,
  DebugEndedEventSchema,
  TaskStartedEventSchema,
  TaskEndedEventSchema,
  FocusGainedEventSchema,
  FocusLostEventSchema,
]);
export type CaptureEvent = v.InferOutput<typeof CaptureEventSchema>;
export type CaptureEventType = CaptureEvent['type'];
/** The event of one type, e.g. `CaptureEventOf<'git/commit'>`. */
export type CaptureEventOf<T extends CaptureEventType> = Extract<CaptureEvent, { type: T }>;

/** The settings switch (`metahuman.capture.<source>.enabled`) each event type belongs to. */
export const CAPTURE_SOURCES = ['files', 'git', 'terminal', 'diagnostics', 'debugAndTasks', 'focus'] as const;
export type CaptureSource = (typeof CAPTURE_SOURCES)[number];

export function captureSourceOf(type: CaptureEventType): CaptureSource {
  switch (type.slice(0, type.indexOf('/'))) {
    case 'file':
      return 'files';
    case 'git':
      return 'git';
    case 'terminal':
      return 'terminal';
    case 'diagnostics':
      return 'diagnostics';
    case 'focus':
      return 'focus';
    default:
      return 'debugAndTasks';
  }
}

/** Most events in one batch; a busier adapter sends more batches. */
export const CAPTURE_BATCH_MAX = 5_000;

/** One batch as it crosses from the host to the engine worker. Events are not validated here. */
export const CaptureBatchSchema = v.object({
  /** Events in the order they happened. Each is validated on its own by `parseCaptureBatch`. */
  events: v.pipe(v.array(v.unknown()), v.maxLength(CAPTURE_BATCH_MAX)),
});
export type CaptureBatch = { events: CaptureEvent[] };

/** One event the engine refused, with why, for the log (never the event's text). */
export interface RejectedCaptureEvent {
  index: number;
  /** The event's `type` when it had one. */
  type?: string;
  issue: string;
}

/**
 * Validates events one by one so a single malformed event (a newer adapter, a bug) costs only
 * itself, not the whole batch.
 */
export function parseCaptureEvents(events: readonly unknown[]): { events: CaptureEvent[]; rejected: RejectedCaptureEvent[] } {
  const ok: CaptureEvent[] = [];
  const rejected: RejectedCaptureEvent[] = [];
  events.forEach((raw, index) => {
    const result = v.safeParse(CaptureEventSchema, raw);
    if (result.success) {
      ok.push(result.output);
      return;
    }
    const type = typeof raw === 'object' && raw !== null && typeof (raw as { type?: unknown }).type === 'string'
      ? (raw as { type: string }).type
      : undefined;
    const first = result.issues[0];
    const where = first.path?.map((p) => String(p.key)).join('.') ?? '';
    rejected.push({ index, type, issue: where ? `${where}: ${first.message}` : first.message });
  });
  return { events: ok, rejected };
}
