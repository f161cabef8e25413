import { join } from 'node:path';
import { MemoryIndex } from '../../../../src/core/index/memoryIndex';
import type { NewMemoryRecord } from '../../../../src/core/memory/memoryLog';
import type { MemoryRecord } from '../../../../src/core/memory/record';
import type { Persona } from '../../../../src/core/persona/persona';
import { openProfileStore, type ProfileStore } from '../../../../src/core/profile/profileStore';

export const NOW = new Date('2024-05-20T12:00:00Z');

/** A memory as a test states it: what, when, and optionally where. */
export interface FixtureMemory {
  kind?: NewMemoryRecord['kind'];
  ts: string;
  text: string;
  project?: string;
  tags?: string[];
}

export interface ChatProfile {
  store: ProfileStore;
  index: MemoryIndex;
  /** The records written, in the order given. */
  records: MemoryRecord[];
  close(): Promise<void>;
}

/** Ada's persona: enough of every part the prompt uses to see each one arrive. */
export function adaPersona(base: Persona): Persona {
  return {
    ...base,
    identity: { name: 'Ada', role: 'backend engineer', purpose: 'ship a reliable parser', aliases: ['ada-l'] },
    values: [
      { name: 'correctness', description: 'tests before speed', priority: 1 },
      { name: 'kindness', priority: 2 },
    ],
    boundaries: { topics: ['salary negotiations'], actions: ['push to main'] },
    personality: { ...base.personality, communication: { tone: 'dry and direct', formality: 'casual', verbosity: 'terse', humour: 'light' } },
  };
}

export const PARSER_MEMORIES: FixtureMemory[] = [
  { kind: 'event', ts: '2024-05-14T15:00:00.000Z', text: 'Fixed the race condition in the parser by serialising token reads. The flaky test is green now.', project: 'mh' },
  { kind: 'note', ts: '2024-03-12T10:00:00.000Z', text: 'Decided to cache embeddings in an LRU of 10k entries.', project: 'mh', tags: ['decision'] },
  { kind: 'event', ts: '2024-05-10T09:00:00.000Z', text: 'Meeting with Alice about the release date. We moved it to June.' },
  { kind: 'note', ts: '2024-04-02T08:00:00.000Z', text: 'Bought oat milk and coffee beans.' },
];

/** A real profile in `dir` (store, persona, memories) and its index, as the engine opens them. */
export async function buildChatProfile(dir: string, memories: FixtureMemory[] = PARSER_MEMORIES): Promise<ChatProfile> {
  const store = await openProfileStore(join(dir, 'profile'), { actor: 'test', durable: false });
  await store.persona.save(adaPersona(store.persona.get()), 'test persona');
  const records = await store.memory.appendMany(memories.map((m) => ({ kind: m.kind ?? 'note', ts: m.ts, text: m.text, source: 'test', ...(m.project ? { project: m.project } : {}), tags: m.tags ?? [] })));
  const index = await MemoryIndex.open({ dir: join(dir, 'profile', 'index'), feed: store.memory, now: () => NOW });
  await index.whenIdle();
  return {
    store,
    index,
    records,
    close: async () => {
      await index.close();
      await store.close();
    },
  };
}
