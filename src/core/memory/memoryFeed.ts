import type { ProfileFiles } from '../profile/profileFiles';
import { splitLines, tryParse } from '../profile/jsonlLines';
import type { ChangeBatch, ChangeCursor, MemoryChange } from './memoryChanges';
import { asHeader, MEMORY_FORMAT_VERSION } from './memoryFormat';
import type { MemoryIndex } from './memoryIndex';

/**
 * Cursor keys: a file's relative path holds the byte offset read up to; `<path>#gen` holds the
 * file's generation then. A rewritten file has a new generation, and is read again from its start.
 */
const genKey = (rel: string) => `${rel}#gen`;

/** The position after everything the index has read. */
export function cursorOf(index: MemoryIndex): ChangeCursor {
  const cursor: ChangeCursor = {};
  for (const state of index.files.values()) {
    cursor[state.rel] = state.consumed;
    cursor[genKey(state.rel)] = state.generation;
  }
  return cursor;
}

/**
 * The changes between `cursor` and what the (just refreshed) index has read: the lines in that
 * range name the ids touched (a record line, a task event, an edit), and each touched id becomes
 * one change carrying its current folded state, or `remove` once forgotten.
 */
export function changesSince(index: MemoryIndex, io: ProfileFiles, cursor: ChangeCursor): ChangeBatch {
  const touched = new Map<string, string | undefined>();
  const next: ChangeCursor = {};
  for (const state of index.files.values()) {
    next[state.rel] = state.consumed;
    next[genKey(state.rel)] = state.generation;
    if (state.version !== MEMORY_FORMAT_VERSION) continue;
    let from = cursor[genKey(state.rel)] === state.generation ? (cursor[state.rel] ?? 0) : 0;
    if (from > state.consumed) from = 0;
    if (from >= state.consumed) continue;
    const bytes = io.readRange(state.rel, from, state.consumed, state.ino);
    if (!bytes) {
      // Rewritten since the refresh: leave this file where the caller was, the next call re-reads it.
      next[state.rel] = cursor[state.rel] ?? 0;
      next[genKey(state.rel)] = cursor[genKey(state.rel)] ?? -1;
      continue;
    }
    for (const line of splitLines(bytes, from, 0).lines) {
      const value = tryParse(line.text) as Record<string, unknown> | undefined;
      if (!value || asHeader(value)) continue;
      if (state.family === 'segment') {
        const id = value.id as string;
        const loc = index.locs.get(id);
        // The record's line itself: pass it on so the fold needs no second read.
        if (loc?.file === state.rel && loc.offset === line.offset) touched.set(id, line.text);
      } else {
        const id = (state.family === 'tasks' ? value.task : value.target) as string;
        touched.set(id, touched.get(id));
      }
    }
  }
  const changes: MemoryChange[] = [];
  for (const [id, line] of touched) {
    if (index.forgotten.has(id)) {
      changes.push({ type: 'remove', id });
      continue;
    }
    const record = index.current(id, line);
    if (record) changes.push({ type: 'upsert', record });
  }
  return { changes, cursor: next };
}
