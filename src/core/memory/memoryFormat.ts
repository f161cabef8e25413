import { storageSchemas } from '../profile/storageSchemas';
import type { MemoryFamily } from './memoryFiles';
import type { MemoryRecord } from './record';

/** Current format version of every memory file (episodic, reflections, tasks, edits). */
export const MEMORY_FORMAT_VERSION = 2;

const FORMAT_NAMES: Record<MemoryFamily, string> = {
  segment: 'metahuman.memory.segment',
  tasks: 'metahuman.memory.tasks',
  edits: 'metahuman.memory.edits',
};

/** Line 1 of every memory file. */
export interface FileHeader {
  format: string;
  version: number;
  /** Bumped on each rewrite, so byte-offset cursors taken before it are known to be stale. */
  generation: number;
  created: string;
}

export function headerLine(family: MemoryFamily, generation: number, created: string): string {
  const header: FileHeader = { format: FORMAT_NAMES[family], version: MEMORY_FORMAT_VERSION, generation, created };
  return JSON.stringify(header);
}

/** The header, if `value` (line 1, parsed) is one; version-1 files have none. */
export function asHeader(value: unknown): FileHeader | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Partial<FileHeader>;
  return typeof v.format === 'string' && v.format.startsWith('metahuman.') && typeof v.version === 'number' ? (v as FileHeader) : undefined;
}

export function formatName(family: MemoryFamily): string {
  return FORMAT_NAMES[family];
}

/** Why a parsed line of this family is not valid in the current version, or undefined. */
export function checkLine(family: MemoryFamily, value: unknown): string | undefined {
  const schemas = storageSchemas();
  if (value === undefined) return 'not valid JSON';
  switch (family) {
    case 'segment': {
      const problem = schemas.record(value);
      if (problem) return problem;
      return (value as MemoryRecord).kind === 'task' ? 'a task record belongs in memory/tasks.jsonl' : undefined;
    }
    case 'tasks':
      return schemas.taskEvent(value);
    case 'edits':
      return schemas.edit(value);
  }
}
