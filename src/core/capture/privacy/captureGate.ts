import { captureSourceOf, type CaptureEvent, type CaptureSource, type CommitFile } from '../captureEvent';
import { redactSecrets } from '../redaction/redactSecrets';
import type { PathFilter } from './pathFilter';
import type { PathHasher } from './pathHasher';
import { isOptedOut } from './workspaceOptOut';

/** The privacy half of the capture settings, as the engine reads them from the settings snapshot. */
export interface CapturePrivacySettings {
  /** Master switch (`metahuman.capture.enabled`); the status-bar pause is the host's, it sends nothing. */
  enabled: boolean;
  /** Per-source switches (`metahuman.capture.<source>.enabled`). */
  sources: Record<CaptureSource, boolean>;
  /** Folders never captured (`metahuman.capture.optOutFolders`). */
  optOutFolders: readonly string[];
}

/** Why an event was not admitted; counted for the status view, never logged with the event's text. */
export type DropReason = 'disabled' | 'source-off' | 'opted-out' | 'excluded-path';

export interface GateResult {
  /** The event to record: paths filtered (and hashed when asked), every text field redacted. */
  event?: CaptureEvent;
  dropped?: DropReason;
  /** Redaction label → count, for diagnostics. */
  redacted: Record<string, number>;
}

export interface CaptureGateDeps {
  /** The path filter of a workspace folder (built by the engine from its settings and `.gitignore`s). */
  filterFor(folder: string): PathFilter;
  /** Set when `metahuman.capture.hashPaths` is on. */
  hasher?: PathHasher;
}

/**
 * The one door every captured event passes before anything else sees it: settings switches,
 * opt-outs and path rules drop it; secrets are redacted and paths hashed in what remains. The
 * session builder (and so every snapshot and record) only ever holds the gate's output.
 */
export class CaptureGate {
  constructor(
    private settings: CapturePrivacySettings,
    private readonly deps: CaptureGateDeps,
  ) {}

  updateSettings(settings: CapturePrivacySettings): void {
    this.settings = settings;
  }

  admit(event: CaptureEvent): GateResult {
    const redacted: Record<string, number> = {};
    if (!this.settings.enabled) return { dropped: 'disabled', redacted };
    if (!this.settings.sources[captureSourceOf(event.type)]) return { dropped: 'source-off', redacted };
    if (isOptedOut(event.workspace.folder, this.settings.optOutFolders)) return { dropped: 'opted-out', redacted };
    const filter = this.deps.filterFor(event.workspace.folder);
    const text = (s: string): string => {
      const r = redactSecrets(s);
      for (const [label, n] of Object.entries(r.redacted)) redacted[label] = (redacted[label] ?? 0) + n;
      return r.text;
    };
    // Paths are names, not prose: only a URI-shaped one can carry a credential (`https://user:pw@…`).
    const path = (p: string): string => {
      const clean = p.includes('://') ? text(p) : p;
      return this.deps.hasher ? this.deps.hasher(clean) : clean;
    };
    const workspace = { folder: path(event.workspace.folder), name: text(event.workspace.name) };

    switch (event.type) {
      case 'file/opened':
      case 'file/edited':
      case 'file/saved':
      case 'file/created':
      case 'file/deleted':
        if (filter.isExcluded(event.file)) return { dropped: 'excluded-path', redacted };
        return { event: { ...event, workspace, file: path(event.file) }, redacted };
      case 'file/renamed':
        // Either side excluded hides both: renaming `.env` to `.env.old` says nothing worth keeping.
        if (filter.isExcluded(event.file) || filter.isExcluded(event.oldFile)) return { dropped: 'excluded-path', redacted };
        return { event: { ...event, workspace, file: path(event.file), oldFile: path(event.oldFile) }, redacted };
      case 'diagnostics/appeared':
        if (filter.isExcluded(event.file)) return { dropped: 'excluded-path', redacted };
        return { event: { ...event, workspace, file: path(event.file), firstMessage: text(event.firstMessage) }, redacted };
      case 'diagnostics/fixed':
        if (filter.isExcluded(event.file)) return { dropped: 'excluded-path', redacted };
        return {
          event: { ...event, workspace, file: path(event.file), ...(event.firstMessage !== undefined ? { firstMessage: text(event.firstMessage) } : {}) },
          redacted,
        };
      case 'git/commit': {
        // The commit itself is kept; only the excluded files vanish from it (their count stays in filesTotal).
        const files: CommitFile[] = event.files.filter((f) => !filter.isExcluded(f.path)).map((f) => ({ ...f, path: path(f.path) }));
        return {
          event: {
            ...event,
            workspace,
            message: text(event.message),
            files,
            filesTotal: event.filesTotal ?? event.files.length,
            ...(event.branch !== undefined ? { branch: text(event.branch) } : {}),
          },
          redacted,
        };
      }
      case 'git/branch':
        return { event: { ...event, workspace, to: text(event.to), ...(event.from !== undefined ? { from: text(event.from) } : {}) }, redacted };
      case 'git/pull':
      case 'git/push':
        return { event: { ...event, workspace, ...(event.branch !== undefined ? { branch: text(event.branch) } : {}) }, redacted };
      case 'terminal/command':
        return {
          event: { ...event, workspace, commandLine: text(event.commandLine), ...(event.cwd !== undefined ? { cwd: path(event.cwd) } : {}) },
          redacted,
        };
      case 'debug/started':
      case 'debug/ended':
      case 'task/started':
      case 'task/ended':
        return { event: { ...event, workspace, name: text(event.name) }, redacted };
      case 'focus/gained':
      case 'focus/lost':
        return { event: { ...event, workspace }, redacted };
    }
  }
}
