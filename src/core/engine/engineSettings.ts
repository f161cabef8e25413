/** The plain settings object the host (or the CLI) hands the engine; no `vscode` types here. */
export interface EngineSettings {
  /** Resolved absolute profile folder. */
  profilePath: string;
}
