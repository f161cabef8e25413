import type { ProfileFiles } from '../profile/profileFiles';
import { splitLines, tryParse } from '../profile/jsonlLines';
import type { EditLine } from './editFold';
import type { FileState } from './memoryIndex';
import { asHeader, headerLine, MEMORY_FORMAT_VERSION } from './memoryFormat';
import type { MemoryRecord } from './record';
import type { TaskEvent } from './taskFold';

export interface CompactionReport {
  /** Files rewritten, relative to the profile folder. */
  files: string[];
  /** Lines removed: forgotten records, their task events and their edits. */
  removedLines: number;
  /** Quarantined lines removed because they held a forgotten record. */
  removedQuarantined: number;
}

/**
 * Rewrites every memory file that still holds a forgotten record, its task events or its edits,
 * so its text leaves the disk. A tombstone (`op: forget`, id and time only; the reason is
 * dropped since it may quote the text) stays in edits.jsonl so that views that missed the
 * forget still learn to drop the id. Each rewrite is atomic and bumps the file's generation.
 * Must run under the profile lock.
 */
export function compactMemoryFiles(io: ProfileFiles, files: Iterable<FileState>, forgotten: ReadonlySet<string>, touch: () => void = () => undefined): CompactionReport {
  const report: CompactionReport = { files: [], removedLines: 0, removedQuarantined: 0 };
  if (forgotten.size === 0) return report;
  for (const state of files) {
    touch(); // keep the lock's heartbeat fresh through a long rewrite
    if (state.version !== MEMORY_FORMAT_VERSION) continue;
    const buffer = io.read(state.rel);
    if (!buffer) continue;
    const { lines } = splitLines(buffer, 0, 1);
    const header = lines[0] ? asHeader(tryParse(lines[0].text)) : undefined;
    if (!header) continue;
    const kept: string[] = [];
    let removed = 0;
    let scrubbed = false;
    for (const line of lines.slice(1)) {
      const value = tryParse(line.text);
      const keep = keepLine(state.family, value, forgotten);
      if (keep === false) removed++;
      else if (keep === true) kept.push(line.text);
      else {
        kept.push(keep);
        scrubbed = true;
      }
    }
    if (removed === 0 && !scrubbed) continue;
    io.writeAtomic(state.rel, `${[headerLine(state.family, header.generation + 1, header.created), ...kept].join('\n')}\n`);
    report.files.push(state.rel);
    report.removedLines += removed;
  }
  report.removedQuarantined = scrubQuarantine(io, forgotten, report);
  return report;
}

/** true keeps the line, false drops it, a string replaces it. */
function keepLine(family: FileState['family'], value: unknown, forgotten: ReadonlySet<string>): boolean | string {
  if (value === undefined) return true;
  switch (family) {
    case 'segment':
      return !forgotten.has((value as MemoryRecord).id);
    case 'tasks':
      return !forgotten.has((value as TaskEvent).task);
    case 'edits': {
      const edit = value as EditLine;
      if (!forgotten.has(edit.target)) return true;
      if (edit.op !== 'forget') return false;
      return 'reason' in edit ? JSON.stringify({ target: edit.target, ts: edit.ts, op: 'forget' }) : true;
    }
  }
}

/** A quarantined line that mentions a forgotten id most likely holds its text: it goes too. */
function scrubQuarantine(io: ProfileFiles, forgotten: ReadonlySet<string>, report: CompactionReport): number {
  let removed = 0;
  for (const name of io.list('quarantine')) {
    const rel = `quarantine/${name}`;
    const buffer = io.read(rel);
    if (!buffer) continue;
    const lines = buffer.toString('utf8').split('\n');
    const kept = lines.filter((line) => ![...forgotten].some((id) => line.includes(id)));
    if (kept.length === lines.length) continue;
    removed += lines.length - kept.length;
    io.writeAtomic(rel, kept.join('\n'));
    report.files.push(rel);
  }
  return removed;
}
