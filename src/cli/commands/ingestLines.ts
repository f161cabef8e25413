import type { NewMemoryRecord } from '../../core/memory/memoryLog';
import { storageSchemas } from '../../core/profile/storageSchemas';

/** One JSONL line that could not become a record, for the report. */
export interface BadLine {
  /** 1-based, as editors count. */
  line: number;
  reason: string;
}

const PLACEHOLDER_ID = '00000000000000000000000000';

/**
 * Reads JSONL records in the DESIGN's shape, one per line. Each line is checked against the same
 * JSON Schema the store applies on write, so one bad line is reported with its number and
 * skipped instead of failing the whole batch in `appendMany`. `id` is ignored (the store assigns
 * ids), `source` defaults to `cli:ingest`, and blank lines are skipped silently.
 */
export function parseIngestLines(text: string): { records: NewMemoryRecord[]; bad: BadLine[] } {
  const records: NewMemoryRecord[] = [];
  const bad: BadLine[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (!raw.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      bad.push({ line, reason: `not JSON (${error instanceof Error ? error.message : String(error)})` });
      return;
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      bad.push({ line, reason: 'not a JSON object' });
      return;
    }
    const input = value as Record<string, unknown>;
    const ts = input.ts === undefined ? new Date() : new Date(input.ts as string);
    if (typeof input.ts !== 'undefined' && (typeof input.ts !== 'string' || Number.isNaN(ts.getTime()))) {
      bad.push({ line, reason: `ts ${JSON.stringify(input.ts)} is not a date` });
      return;
    }
    const record: NewMemoryRecord = {
      kind: input.kind as NewMemoryRecord['kind'],
      ts: ts.toISOString(),
      text: input.text as string,
      source: (input.source as string | undefined) ?? 'cli:ingest',
      ...(input.project !== undefined ? { project: input.project as string } : {}),
      tags: (input.tags as string[] | undefined) ?? [],
      entities: (input.entities as string[] | undefined) ?? [],
      ...(input.importance !== undefined ? { importance: input.importance as number } : {}),
      links: (input.links as NewMemoryRecord['links']) ?? [],
      meta: (input.meta as Record<string, unknown> | undefined) ?? {},
    };
    const problem = storageSchemas().record({ ...record, id: PLACEHOLDER_ID });
    if (problem) {
      bad.push({ line, reason: problem });
      return;
    }
    records.push(record);
  });
  return { records, bad };
}
