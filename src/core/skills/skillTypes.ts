/**
 * The contract of a skill (DESIGN.md, "Decisions and skills"): a manifest that says what it does
 * and how risky it is (`storage/defaults/skills/*.json`, schema `storage/schemas/skill-manifest.schema.json`)
 * plus an executor that can preview every effect (dry-run) and then perform it.
 */
import type { AgentSearch } from '../agents/agentTypes';
import type { TaskPatch } from '../memory/taskFold';
import type { ProfileStore } from '../profile/profileStore';
import type { SettingsSnapshot } from '../settings/settingsTable';
import type { TrustLevel } from '../decisions/trust';

export const SKILL_IDS = ['task', 'notify', 'calendar-event', 'write-file', 'run-task', 'shell', 'commit-message', 'search-memory'] as const;
export type BuiltInSkillId = (typeof SKILL_IDS)[number];

/** Ordered from harmless to dangerous. */
export const SKILL_RISKS = ['read', 'write-local', 'write-external', 'execute'] as const;
export type SkillRisk = (typeof SKILL_RISKS)[number];

export interface SkillManifest {
  id: string;
  title: string;
  description: string;
  /** JSON Schema (draft-07) of the arguments object. */
  input: Record<string, unknown>;
  risk: SkillRisk;
  /** Plain words: "writes a file in the workspace", "runs a command". Empty for read-only skills. */
  sideEffects: string[];
  /** Whether `preview` shows the effect without doing it (every built-in skill: true). */
  dryRun: boolean;
  /** The trust level at which the skill may act without asking (bounded or above for side effects). */
  requiredTrust: TrustLevel;
}

/** What the host (or the CLI) lends skills that need the editor. A missing port means "not available here". */
export interface SkillPorts {
  notify?(message: string, severity: 'info' | 'warning' | 'error'): Promise<void>;
  /** Runs a VS Code task by name, resolves when it ends. */
  runVsCodeTask?(name: string, signal: AbortSignal): Promise<{ exitCode?: number; output: string }>;
  listVsCodeTasks?(): Promise<string[]>;
  /** Shows a shell command and its output live in an editor terminal; the skill still captures the output itself. */
  terminal?(run: { id: string; line: string; cwd: string }): TerminalSink;
}

/** Where a command's output is shown as it runs. Never throws: showing is best effort, running is not. */
export interface TerminalSink {
  write(text: string): void;
  end(exitCode: number | undefined, note?: string): void;
}

/** Copies of files taken before a skill writes them, so the action can be undone. */
export interface FileBackups {
  /** Copies `absPath` (or notes that it did not exist) under the proposal's backup folder; returns the undo entry. */
  backup(proposalId: string, absPath: string): Promise<UndoFile>;
  /**
   * Puts every file back as it was before (deleting files that did not exist); returns the paths put back.
   * Refuses (`UndoConflictError`, nothing touched) when a file changed since the skill wrote it, unless `force`;
   * refuses (`UndoPathError`, nothing touched) when a recorded path now resolves elsewhere (a symlink
   * planted on the way since, which could lead out of the workspace).
   */
  restore(undo: UndoInfo, options?: { force?: boolean }): Promise<string[]>;
}

export interface UndoFile {
  /** Absolute path written. */
  path: string;
  /** Absolute path of the copy; absent when the file did not exist before. */
  backup?: string;
  /** SHA-256 (hex) of what the skill wrote, so an undo can tell whether someone changed the file since. */
  writtenSha256?: string;
}

export interface UndoInfo {
  files: UndoFile[];
  /** Task events to reverse (task skill): the task id, its status before and, for an update, the fields it changed as they were. */
  task?: { id: string; created: boolean; previousStatus?: string; previous?: TaskPatch };
}

export interface SkillContext {
  /** The proposal id (backups are kept per proposal). */
  proposalId: string;
  /** Absolute workspace root; file, task and shell skills refuse without one. */
  workspace?: string;
  store: ProfileStore;
  settings: SettingsSnapshot;
  ports: SkillPorts;
  backups: FileBackups;
  search?: AgentSearch;
  /** Where `calendar-event` writes: `<profile>/calendar/metahuman.ics` unless set. */
  calendarPath: string;
  signal: AbortSignal;
  /** Every execution ends by then (setting `metahuman.decisions.executionTimeoutSeconds`). */
  timeoutMs: number;
  now(): Date;
}

/** Exactly what a skill would do, without doing it. */
export interface SkillPreview {
  /** One line: "Write src/app.ts (+3 −1 lines)", "Run `npm test` in /work/app". */
  summary: string;
  /** What a person needs to judge it: a unified diff, the command line and folder, the calendar entry. */
  details: string;
  kind: 'diff' | 'command' | 'calendar' | 'notification' | 'task' | 'text';
  /** Absolute paths it would write. */
  files?: string[];
  command?: { line: string; cwd: string };
  /**
   * Why the person must be asked even when the skill is trusted to act alone: the effect reaches a
   * place where a file becomes code that runs, or a secret (`.git/`, `.vscode/`, `package.json`…).
   */
  sensitive?: string;
}

export interface SkillResult {
  ok: boolean;
  /** What it printed or produced (capped before it reaches the audit). */
  output: string;
  exitCode?: number;
  /** How to reverse it, when it wrote something. */
  undo?: UndoInfo;
}

/** Arguments or their targets are wrong; `field` names the argument (`path`, `command`, `due`…). */
export class SkillInputError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'SkillInputError';
  }
}

/** An undo would overwrite changes made after the skill wrote these files; nothing was restored. */
export class UndoConflictError extends Error {
  constructor(readonly changed: string[]) {
    super(`Not undone: ${changed.join(', ')} changed since the twin wrote ${changed.length === 1 ? 'it' : 'them'}. Undo with force to put the earlier version back anyway.`);
    this.name = 'UndoConflictError';
  }
}

/** An undo would write or delete through a symlink planted since the skill wrote: nothing was restored. */
export class UndoPathError extends Error {
  constructor(
    readonly path: string,
    readonly leadsTo: string,
  ) {
    super(`Not undone: ${path} now leads to ${leadsTo} (a folder on the way was replaced by a symlink since the twin wrote it), so nothing was put back or deleted.`);
    this.name = 'UndoPathError';
  }
}

export interface SkillExecutor<TArgs = Record<string, unknown>> {
  /** Checks beyond the schema, against the world now (paths inside the workspace, the task exists); throws `SkillInputError`. */
  check?(args: TArgs, ctx: SkillContext): Promise<void>;
  preview(args: TArgs, ctx: SkillContext): Promise<SkillPreview>;
  execute(args: TArgs, ctx: SkillContext): Promise<SkillResult>;
}

export interface Skill {
  manifest: SkillManifest;
  executor: SkillExecutor;
}
