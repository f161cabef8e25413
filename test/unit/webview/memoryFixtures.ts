import type { MemoryDetails, MemoryListItem } from '../../../src/protocol/memoryViewProtocol';
import { at } from './viewFixtures';

/** Builders of what the engine answers the Memory panel. */

export function memoryItem(overrides: Partial<MemoryListItem> = {}): MemoryListItem {
  return { id: '01JAAAAAAAAAAAAAAAAAAAAAAA', ts: at(-90), kind: 'note', text: 'Decided to cache parser results per file', source: 'vscode:note', tags: [], corrected: false, ...overrides };
}

export function memoryDetails(overrides: Partial<MemoryDetails> = {}): MemoryDetails {
  return {
    id: '01JAAAAAAAAAAAAAAAAAAAAAAA',
    kind: 'note',
    ts: at(-90),
    text: 'Decided to cache parser results per file',
    source: 'vscode:note',
    tags: [],
    entities: [],
    links: [],
    edits: [],
    audit: [{ ts: at(-90), type: 'write', actor: 'vscode', summary: 'written (note)' }],
    ...overrides,
  };
}
