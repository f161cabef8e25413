import type { ProfileFiles } from '../profile/profileFiles';
import { splitLines, tryParse, type JsonlLine } from '../profile/jsonlLines';
import { foldEdits, type EditLine } from './editFold';
import { familyOf, listMemoryFiles, type MemoryFamily } from './memoryFiles';
import { asHeader, checkLine, formatName, MEMORY_FORMAT_VERSION } from './memoryFormat';
import { MemoryIds } from './memoryIds';
import type { MemoryKind, MemoryRecord } from './record';
import { applyTaskEvent, type TaskEvent } from './taskFold';

/** Where a record's line sits, so a `get` reads one line instead of the whole log. */
export interface RecordLoc {
  file: string;
  offset: number;
  length: number;
  kind: MemoryKind;
}

/** How far this process has read one file. */
export interface FileState {
  rel: string;
  family: MemoryFamily;
  /** Inode at last read: a rename over the file (compaction, repair) changes it. */
  ino: number;
  /** Bytes read, always at a line boundary. */
  consumed: number;
  /** Complete lines read. */
  lines: number;
  generation: number;
  version: number;
}

/** Something a reader found that only a lock holder may fix. */
export interface IndexProblem {
  rel: string;
  /**
   * `partial`: bytes after the last newline (torn when no writer is active); `invalid`: a whole
   * line that fails to parse or validate; `outdated`: an older format to migrate; `newer`: a
   * format this version cannot read, left alone.
   */
  type: 'partial' | 'invalid' | 'outdated' | 'newer';
  line?: number;
  offset: number;
  reason: string;
}

/**
 * What one process knows of the memory logs: where each record is, every task's folded state,
 * pending edits and forgets, the highest id. Built by reading each file once and then only the
 * bytes appended since (by any process); a file replaced by rename is detected by its inode and
 * everything is re-read.
 */
export class MemoryIndex {
  readonly files = new Map<string, FileState>();
  readonly locs = new Map<string, RecordLoc>();
  readonly tasks = new Map<string, MemoryRecord>();
  readonly edits = new Map<string, EditLine[]>();
  /** Forgotten ids, with when. */
  readonly forgotten = new Map<string, string>();
  readonly ids = new MemoryIds();
  /** Found by the latest `refresh`. */
  problems: IndexProblem[] = [];

  constructor(private readonly io: ProfileFiles) {}

  /** Catches up with every memory file; cheap when nothing changed (a readdir and a stat per file). */
  refresh(): void {
    this.problems = [];
    const top = new Set(this.io.listCached('memory'));
    const rels = listMemoryFiles((dir) => this.io.listCached(dir), (rel) => top.has(rel.slice('memory/'.length)));
    const stats = new Map(rels.map((rel) => [rel, this.stat(rel)] as const));
    const replaced =
      [...this.files.keys()].some((rel) => !stats.get(rel)) ||
      rels.some((rel) => {
        const known = this.files.get(rel);
        const st = stats.get(rel);
        return known && st && (known.ino !== st.ino || st.size < known.consumed);
      });
    if (replaced) this.clear();
    for (const rel of rels) {
      const st = stats.get(rel);
      if (st) this.catchUp(rel, st);
    }
  }

  /** Catches up with files this process just appended to (under the lock: nothing else moved). */
  refreshFiles(rels: Iterable<string>): void {
    this.problems = [];
    for (const rel of rels) {
      const st = this.stat(rel);
      const known = this.files.get(rel);
      if (!st) continue;
      if (known && known.ino !== st.ino) return this.refresh();
      this.catchUp(rel, st);
    }
  }

  private catchUp(rel: string, st: { ino: number; size: number }): void {
    let state = this.files.get(rel);
    if (!state) {
      state = { rel, family: familyOf(rel), ino: st.ino, consumed: 0, lines: 0, generation: 0, version: 0 };
      this.files.set(rel, state);
    }
    if (st.size > state.consumed) this.ingest(state, st.size);
  }

  /** The folded current state, or undefined when unknown or forgotten. */
  current(id: string, line?: string): MemoryRecord | undefined {
    if (this.forgotten.has(id)) return undefined;
    const task = this.tasks.get(id);
    if (task) return foldEdits(task, this.edits.get(id));
    const loc = this.locs.get(id);
    if (!loc) return undefined;
    const text = line ?? this.io.readRange(loc.file, loc.offset, loc.offset + loc.length).toString('utf8');
    const record = tryParse(text) as MemoryRecord | undefined;
    if (record?.id !== id) return undefined; // the file was rewritten under us; the caller refreshes
    return foldEdits(record, this.edits.get(id));
  }

  /** Live records per kind. */
  kindCounts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const [id, loc] of this.locs) if (!this.forgotten.has(id)) counts[loc.kind] = (counts[loc.kind] ?? 0) + 1;
    for (const id of this.tasks.keys()) if (!this.forgotten.has(id)) counts.task = (counts.task ?? 0) + 1;
    return counts;
  }

  clear(): void {
    this.files.clear();
    this.locs.clear();
    this.tasks.clear();
    this.edits.clear();
    this.forgotten.clear();
  }

  private stat(rel: string): { ino: number; size: number } | undefined {
    try {
      const st = this.io.fs.statSync(this.io.abs(rel));
      return { ino: st.ino, size: st.size };
    } catch {
      return undefined;
    }
  }

  private ingest(state: FileState, size: number): void {
    // Read from the very file we stat'ed: if a rewrite renamed another over it meanwhile, our
    // offsets mean nothing there; the next refresh sees the new inode and re-reads everything.
    const bytes = this.io.readRange(state.rel, state.consumed, size, state.ino);
    if (!bytes) return;
    const split = splitLines(bytes, state.consumed, state.lines + 1);
    for (const line of split.lines) this.ingestLine(state, line);
    state.consumed = split.consumed;
    state.lines += split.lines.length;
    if (split.partial) this.problems.push({ rel: state.rel, type: 'partial', line: state.lines + 1, offset: split.partial.offset, reason: 'torn last line (a writer stopped mid-line)' });
  }

  private ingestLine(state: FileState, line: JsonlLine): void {
    const value = tryParse(line.text);
    if (line.line === 1) {
      const header = asHeader(value);
      if (header) {
        state.version = header.version;
        state.generation = header.generation;
        if (header.format !== formatName(state.family)) this.invalid(state, line, `header says ${header.format}, expected ${formatName(state.family)}`);
        else if (header.version < MEMORY_FORMAT_VERSION) this.problems.push({ rel: state.rel, type: 'outdated', offset: 0, reason: `format version ${header.version}` });
        else if (header.version > MEMORY_FORMAT_VERSION) this.problems.push({ rel: state.rel, type: 'newer', offset: 0, reason: `written in format version ${header.version} by a newer MetaHuman; left unread` });
        return;
      }
      state.version = 1;
      this.problems.push({ rel: state.rel, type: 'outdated', offset: 0, reason: 'format version 1 (no header)' });
    }
    if (state.version !== MEMORY_FORMAT_VERSION) return; // read only once migrated
    const problem = checkLine(state.family, value);
    if (problem) return this.invalid(state, line, problem);
    switch (state.family) {
      case 'segment': {
        const record = value as MemoryRecord;
        if (!this.locs.has(record.id)) this.locs.set(record.id, { file: state.rel, offset: line.offset, length: line.end - line.offset - 1, kind: record.kind });
        this.ids.observe(record.id);
        return;
      }
      case 'tasks': {
        const event = value as TaskEvent;
        const next = applyTaskEvent(this.tasks.get(event.task), event);
        if (next) this.tasks.set(event.task, next);
        this.ids.observe(event.task);
        return;
      }
      case 'edits': {
        const edit = value as EditLine;
        if (edit.op === 'forget') this.forgotten.set(edit.target, edit.ts);
        else {
          const list = this.edits.get(edit.target);
          if (list) list.push(edit);
          else this.edits.set(edit.target, [edit]);
        }
        return;
      }
    }
  }

  private invalid(state: FileState, line: JsonlLine, reason: string): void {
    this.problems.push({ rel: state.rel, type: 'invalid', line: line.line, offset: line.offset, reason });
  }
}
