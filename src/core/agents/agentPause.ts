import type { ProfileStore } from '../profile/profileStore';
import type { ProfileFiles } from '../profile/profileFiles';

export const PAUSE_FILE = 'agents/paused.json';

interface PauseState {
  paused: boolean;
  at: string;
  /** Who paused or resumed: `vscode`, `cli`… */
  by: string;
}

/** Whether the person paused the scheduled agents of this profile (every window and `mh` read the same file). */
export function readAgentsPaused(files: ProfileFiles): boolean {
  const raw = files.read(PAUSE_FILE);
  if (!raw) return false;
  try {
    return (JSON.parse(raw.toString('utf8')) as Partial<PauseState>).paused === true;
  } catch {
    return false;
  }
}

/** Pauses or resumes the scheduled agents, audited as a profile write. */
export async function writeAgentsPaused(store: ProfileStore, paused: boolean, by: string): Promise<void> {
  await store.lock.withLock('agents-pause', () => {
    const state: PauseState = { paused, at: store.files.clock().toISOString(), by };
    store.files.writeAtomic(PAUSE_FILE, `${JSON.stringify(state)}\n`);
    store.audit.appendLocked({ type: 'write', target: 'profile', op: 'save', files: [PAUSE_FILE], detail: paused ? 'scheduled agents paused' : 'scheduled agents resumed' });
  });
}
