import type { SettingsSnapshot } from '../settings/settingsTable';
import type { CapturePrivacySettings } from './privacy/captureGate';

/** The capture half of the settings snapshot, in the shapes capture's parts take. */
export interface CaptureSettings {
  privacy: CapturePrivacySettings;
  excludeGlobs: readonly string[];
  hashPaths: boolean;
  idleMs: number;
}

export function captureSettingsFrom(values: SettingsSnapshot): CaptureSettings {
  return {
    privacy: {
      enabled: values.captureEnabled,
      sources: {
        files: values.captureFiles,
        git: values.captureGit,
        terminal: values.captureTerminal,
        diagnostics: values.captureDiagnostics,
        debugAndTasks: values.captureDebugAndTasks,
        focus: values.captureFocus,
      },
      optOutFolders: values.captureOptOutFolders,
    },
    excludeGlobs: values.captureExcludeGlobs,
    hashPaths: values.captureHashPaths,
    idleMs: Math.max(1, values.captureIdleMinutes) * 60_000,
  };
}
