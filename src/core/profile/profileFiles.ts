import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { isErrno, type StoreFs } from './storeFs';
import { writeError } from './storeError';
import type { Clock, StoreLogger } from './storeLogger';

export interface ProfileFilesOptions {
  fs: StoreFs;
  /** fsync appended lines and renamed files before resolving (default true). */
  durable: boolean;
  logger: StoreLogger;
  clock: Clock;
}

export interface QuarantinedLine {
  /** File it came from, relative to the profile folder. */
  file: string;
  /** 1-based line number in that file, when known. */
  line?: number;
  offset: number;
  reason: string;
  raw: string;
}

export interface AppendResult {
  /** File size before the append: truncating back to it undoes the append. */
  start: number;
  /** Byte offset where the first appended line starts (after a header, when one was written). */
  offset: number;
  /** Byte offset of each appended line, in order. */
  lineOffsets: number[];
  /** File size after the append. */
  end: number;
  /** True when this append created the file (and wrote its header). */
  created: boolean;
}

const NL = 0x0a;
const TEMP_MARK = '.tmp-';

/**
 * Durable file I/O inside one profile folder. Every multi-line append is one `write` of whole
 * lines to an O_APPEND descriptor, made while the caller holds the profile lock; a write that
 * fails half way is truncated back, so a full disk never leaves a partial line behind.
 */
export class ProfileFiles {
  private readonly listings = new Map<string, { mtimeMs: number; names: string[]; stable: boolean }>();

  constructor(
    readonly dir: string,
    private readonly options: ProfileFilesOptions,
  ) {}

  get fs(): StoreFs {
    return this.options.fs;
  }

  get clock(): Clock {
    return this.options.clock;
  }

  get logger(): StoreLogger {
    return this.options.logger;
  }

  abs(rel: string): string {
    return join(this.dir, rel);
  }

  exists(rel: string): boolean {
    return this.fs.existsSync(this.abs(rel));
  }

  /** The file's bytes, or undefined when it does not exist. */
  read(rel: string): Buffer | undefined {
    try {
      return this.fs.readFileSync(this.abs(rel));
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return undefined;
      throw error;
    }
  }

  /** Bytes [start, end) of a file. */
  readRange(rel: string, start: number, end: number): Buffer;
  readRange(rel: string, start: number, end: number, ino: number): Buffer | undefined;
  /** With `ino`: undefined when the path now names another file (renamed over since the stat). */
  readRange(rel: string, start: number, end: number, ino?: number): Buffer | undefined {
    const fd = this.fs.openSync(this.abs(rel), 'r');
    try {
      if (ino !== undefined && this.fs.fstatSync(fd).ino !== ino) return undefined;
      const buffer = Buffer.alloc(Math.max(0, end - start));
      let done = 0;
      while (done < buffer.length) {
        const n = this.fs.readSync(fd, buffer, done, buffer.length - done, start + done);
        if (n === 0) break;
        done += n;
      }
      return buffer.subarray(0, done);
    } finally {
      this.fs.closeSync(fd);
    }
  }

  /** Names in a folder of the profile, sorted; empty when it does not exist. */
  list(relDir: string): string[] {
    try {
      return this.fs.readdirSync(this.abs(relDir)).sort();
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return [];
      throw error;
    }
  }

  /**
   * Like `list`, but re-reads the folder only when its mtime moved. A listing is trusted only once
   * its mtime is a second old: a file created within the same clock tick as our read leaves the
   * mtime unchanged, and must not be missed.
   */
  listCached(relDir: string): string[] {
    let mtimeMs: number;
    try {
      mtimeMs = this.fs.statSync(this.abs(relDir)).mtimeMs;
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return [];
      throw error;
    }
    const cached = this.listings.get(relDir);
    if (cached && cached.mtimeMs === mtimeMs && cached.stable) return cached.names;
    const names = this.list(relDir);
    this.listings.set(relDir, { mtimeMs, names, stable: Date.now() - mtimeMs > 1_000 });
    return names;
  }

  ensureDir(relDir: string): void {
    try {
      this.fs.mkdirSync(this.abs(relDir), { recursive: true });
    } catch (error) {
      throw writeError(error, relDir || '.', 'creating the folder');
    }
  }

  /**
   * Appends whole lines (each without its newline). `header` is written first when the file is
   * new or empty. A torn last line left by a crashed writer is quarantined before we append, so
   * our first line never glues onto it. The caller must hold the profile lock.
   */
  append(rel: string, lines: readonly string[], header?: () => string, wholeAt?: number): AppendResult {
    const path = this.abs(rel);
    let fd: number;
    try {
      try {
        fd = this.fs.openSync(path, 'a+');
      } catch (error) {
        if (!isErrno(error, 'ENOENT')) throw error;
        this.ensureDir(dirname(rel));
        fd = this.fs.openSync(path, 'a+');
      }
    } catch (error) {
      throw writeError(error, rel, 'opening');
    }
    let size = 0;
    try {
      size = this.fs.fstatSync(fd).size;
      const created = size === 0; // new (or empty): its directory entry needs syncing too
      // `wholeAt`: a size the caller knows ends on a newline (it read up to there), saving a read.
      if (size > 0 && size !== wholeAt && this.lastByte(fd, size) !== NL) size = this.endTornTail(fd, rel, size);
      const parts: string[] = [];
      const writesHeader = size === 0 && header !== undefined;
      if (writesHeader) parts.push(`${header()}\n`);
      let cursor = size + (writesHeader ? Buffer.byteLength(parts[0]) : 0);
      const offset = cursor;
      const lineOffsets: number[] = [];
      for (const line of lines) {
        const text = `${line}\n`;
        lineOffsets.push(cursor);
        cursor += Buffer.byteLength(text);
        parts.push(text);
      }
      this.writeAll(fd, Buffer.from(parts.join('')));
      if (this.options.durable) this.fs.fdatasyncSync(fd);
      if (created && this.options.durable) this.syncDir(dirname(rel));
      return { start: size, offset, lineOffsets, end: cursor, created };
    } catch (error) {
      // Put the file back the way it was: no partial line may survive a failed write.
      try {
        this.fs.ftruncateSync(fd, size);
      } catch {
        /* the original error is the one to report */
      }
      throw writeError(error, rel, 'appending to');
    } finally {
      this.fs.closeSync(fd);
    }
  }

  /** Replaces a file atomically: temp file in the same folder, fsync, rename, fsync the folder. */
  writeAtomic(rel: string, data: string | Buffer): void {
    this.ensureDir(dirname(rel));
    const path = this.abs(rel);
    const temp = `${path}${TEMP_MARK}${process.pid}-${randomBytes(4).toString('hex')}`;
    let fd: number | undefined;
    try {
      fd = this.fs.openSync(temp, 'wx');
      this.writeAll(fd, typeof data === 'string' ? Buffer.from(data) : data);
      if (this.options.durable) this.fs.fsyncSync(fd);
      this.fs.closeSync(fd);
      fd = undefined;
      this.fs.renameSync(temp, path);
      if (this.options.durable) this.syncDir(dirname(rel));
    } catch (error) {
      if (fd !== undefined) this.fs.closeSync(fd);
      try {
        this.fs.unlinkSync(temp);
      } catch {
        /* it may never have been created */
      }
      throw writeError(error, rel, 'writing');
    }
  }

  /** Truncates a file to `size` bytes (dropping a torn tail that was already quarantined). */
  truncate(rel: string, size: number): void {
    const fd = this.fs.openSync(this.abs(rel), 'r+');
    try {
      this.fs.ftruncateSync(fd, size);
      if (this.options.durable) this.fs.fsyncSync(fd);
    } catch (error) {
      throw writeError(error, rel, 'truncating');
    } finally {
      this.fs.closeSync(fd);
    }
  }

  /**
   * Moves damaged lines into `quarantine/YYYY-MM-DD.jsonl` (never dropped: a person or a later
   * version may still recover them) and reports each one to the logger.
   */
  quarantine(lines: readonly QuarantinedLine[]): string {
    const now = this.clock();
    const rel = `quarantine/${now.toISOString().slice(0, 10)}.jsonl`;
    const ts = now.toISOString();
    this.append(
      rel,
      lines.map((l) => JSON.stringify({ ts, file: l.file, ...(l.line ? { line: l.line } : {}), offset: l.offset, reason: l.reason, raw: l.raw })),
      () => JSON.stringify({ format: 'metahuman.quarantine', version: 1, generation: 0, created: ts }),
    );
    for (const l of lines) {
      this.logger.warn(`${l.file}${l.line ? ` line ${l.line}` : ''}: ${l.reason}; moved ${Buffer.byteLength(l.raw)} bytes to ${rel}`);
    }
    return rel;
  }

  /** Removes temp files a crashed writer left behind (they may hold text that was since forgotten). */
  removeStaleTemps(relDir: string): void {
    for (const name of this.list(relDir)) {
      const at = name.indexOf(TEMP_MARK);
      if (at < 0) continue;
      const pid = Number(name.slice(at + TEMP_MARK.length).split('-')[0]);
      if (pid === process.pid || isAlive(pid)) continue;
      try {
        this.fs.unlinkSync(this.abs(join(relDir, name)));
      } catch {
        /* another window cleaned it first */
      }
    }
  }

  private writeAll(fd: number, buffer: Buffer): void {
    let done = 0;
    while (done < buffer.length) done += this.fs.writeSync(fd, buffer, done, buffer.length - done);
  }

  private lastByte(fd: number, size: number): number {
    const one = Buffer.alloc(1);
    this.fs.readSync(fd, one, 0, 1, size - 1);
    return one[0];
  }

  /** Quarantines the bytes after the last newline and returns the new size. */
  private endTornTail(fd: number, rel: string, size: number): number {
    if (rel.startsWith('quarantine/')) {
      // The quarantine cannot quarantine itself: end the torn line so it stays readable as raw text.
      this.writeAll(fd, Buffer.from('\n'));
      return size + 1;
    }
    const whole = this.read(rel) ?? Buffer.alloc(0);
    const keep = whole.lastIndexOf(NL, size - 1) + 1;
    let line = 1;
    for (let i = whole.indexOf(NL); i >= 0 && i < keep; i = whole.indexOf(NL, i + 1)) line++;
    this.quarantine([{ file: rel, line, offset: keep, reason: 'torn last line (a writer stopped mid-line)', raw: whole.subarray(keep, size).toString('utf8') }]);
    this.fs.ftruncateSync(fd, keep);
    return keep;
  }

  private syncDir(relDir: string): void {
    try {
      const fd = this.fs.openSync(this.abs(relDir), 'r');
      try {
        this.fs.fsyncSync(fd);
      } finally {
        this.fs.closeSync(fd);
      }
    } catch {
      // Windows cannot fsync a folder; the rename itself is still atomic there.
    }
  }
}

/** Whether a process with this id runs on this machine (EPERM: it runs as another user). */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return isErrno(error, 'EPERM');
  }
}
