import type { ProfileFiles } from '../profile/profileFiles';

/** The "pause all autonomy" switch of the profile; every window and `mh` read the same file. */
export const AUTONOMY_FILE = 'approvals/autonomy.json';

interface AutonomyState {
  paused: boolean;
  /** When it was last switched. */
  at: string;
  /** Who switched it: `vscode`, `cli`… */
  by: string;
}

/** Whether autonomy is paused. An unreadable file counts as paused: the switch must fail safe. */
export function readAutonomyPaused(files: ProfileFiles): boolean {
  const raw = files.read(AUTONOMY_FILE);
  if (!raw) return false;
  try {
    return (JSON.parse(raw.toString('utf8')) as Partial<AutonomyState>).paused !== false;
  } catch {
    return true;
  }
}

/** Writes the switch; the caller holds the profile lock. */
export function writeAutonomyPausedLocked(files: ProfileFiles, paused: boolean, by: string): void {
  const state: AutonomyState = { paused, at: files.clock().toISOString(), by };
  files.writeAtomic(AUTONOMY_FILE, `${JSON.stringify(state)}\n`);
}
