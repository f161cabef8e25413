import type { SettingsSnapshot } from '../settings/settingsTable';

/** The plain settings object the host (or the CLI) hands the engine; no `vscode` types here. */
export interface EngineSettings {
  /** Resolved absolute profile folder. */
  profilePath: string;
  /** Every `metahuman.*` setting as a plain value (the CLI passes the defaults). */
  values: SettingsSnapshot;
  /** Who writes, recorded in the audit (`vscode`, `cli`…); default `engine`. */
  actor?: string;
  /** Identifies the window's workspace (its folders), so each window resumes its own capture sessions. */
  workspaceKey?: string;
}
