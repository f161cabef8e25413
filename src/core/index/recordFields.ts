import type { MemoryRecord } from '../memory/record';

/**
 * What the index reads out of a record beyond its text. Capture adapters put touched files in
 * `meta.files` (strings or `{ path }` objects, as git commits do), `meta.file` or `meta.path`,
 * and a person in `meta.author`; all of them are read here, in one place.
 */
export function recordFiles(record: MemoryRecord): string[] {
  const out = new Set<string>();
  const add = (value: unknown) => {
    if (typeof value === 'string' && value) out.add(value.replace(/\\/g, '/'));
    else if (value && typeof value === 'object' && typeof (value as { path?: unknown }).path === 'string') add((value as { path: string }).path);
  };
  const { files, file, path } = record.meta;
  if (Array.isArray(files)) files.forEach(add);
  add(file);
  add(path);
  return [...out];
}

/**
 * Names the record mentions, lower-cased, for the entity boost: its project, entities, tags,
 * author, and each touched file as path and as file name. Not the bare stem ("help" of help.js):
 * such stems are everyday words, and full text already matches them.
 */
export function recordMentions(record: MemoryRecord): Set<string> {
  const out = new Set<string>();
  const add = (value: unknown) => {
    if (typeof value === 'string' && value.trim()) out.add(value.trim().toLowerCase());
  };
  add(record.project);
  record.entities.forEach(add);
  record.tags.forEach(add);
  add(record.meta.author);
  for (const path of recordFiles(record)) {
    add(path);
    const base = path.slice(path.lastIndexOf('/') + 1);
    add(base);
  }
  return out;
}
