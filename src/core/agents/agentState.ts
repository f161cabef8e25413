import type { ProfileFiles } from '../profile/profileFiles';
import type { ProfileLock } from '../profile/profileLock';
import type { AgentId, AgentStateSlot } from './agentTypes';

export const STATE_FILE = 'agents/state.json';

type AllStates = Partial<Record<AgentId, Record<string, unknown>>>;

/**
 * An agent's small state between runs (a change cursor, today's count), kept with every other
 * agent's in `agents/state.json`. Each write reads the file again under the profile lock and
 * replaces it atomically, so agents run by different windows or `mh` never drop each other's state.
 */
export function agentStateSlot(files: ProfileFiles, lock: ProfileLock, agent: AgentId): AgentStateSlot<Record<string, unknown>> {
  return {
    get: () => Promise.resolve(readStates(files)[agent]),
    set: (value) =>
      lock.withLock('agent-state', () => {
        const all = readStates(files);
        all[agent] = value;
        files.writeAtomic(STATE_FILE, `${JSON.stringify(all, null, 2)}\n`);
      }),
  };
}

function readStates(files: ProfileFiles): AllStates {
  const raw = files.read(STATE_FILE);
  if (!raw) return {};
  try {
    const value: unknown = JSON.parse(raw.toString('utf8'));
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value;
  } catch {
    /* reported below */
  }
  // Losing a cursor only makes an agent look at some records again: start afresh, but say so.
  files.logger.warn(`${STATE_FILE} is damaged; the agents start from a fresh state.`);
  return {};
}
