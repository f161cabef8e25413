import type { MemoryIndex } from '../index/memoryIndex';
import type { AgentSearch } from './agentTypes';

/** Agents search the same hybrid, time-aware index as chat, brought up to date first. */
export function agentSearchOver(openIndex: () => Promise<MemoryIndex>): AgentSearch {
  return async (query, options = {}) => {
    const index = await openIndex();
    await index.sync();
    const result = await index.search({
      query,
      k: options.k ?? 10,
      filters: {
        kinds: options.kinds,
        since: options.since?.getTime(),
        until: options.until?.getTime(),
      },
    });
    return result.hits.map((hit) => hit.record);
  };
}
