import { hostname } from 'node:os';
import type { ProfileFiles } from '../profile/profileFiles';
import type { ProfileLock } from '../profile/profileLock';
import { StoreError } from '../profile/storeError';
import { storageSchemas } from '../profile/storageSchemas';
import { GENESIS_HASH, sealLine, sha256, unsealLine } from './auditChain';
import { redactEntry, type AuditActor, type AuditEntry, type AuditInput } from './auditEntry';
import { verifyAudit, type AuditReport } from './auditVerify';

export const AUDIT_DIR = 'audit';
export const AUDIT_FORMAT_VERSION = 1;
const DAY_FILE = /^\d{4}-\d{2}-\d{2}\.jsonl$/;

interface Tail {
  rel: string;
  /** File size the tail was read at: if the file grew, another process appended. */
  size: number;
  /** True when the file ends with a newline at `size` (no torn line after the tail). */
  whole: boolean;
  hash: string;
  seq: number;
}

/**
 * The audit log: one file per UTC day, every line chained to the one before by SHA-256, across
 * days too (a day's header holds the hash of the previous day's last line).
 */
export class AuditLog {
  private readonly actor: AuditActor;
  private tail: Tail | undefined;

  constructor(
    private readonly files: ProfileFiles,
    private readonly lock: ProfileLock,
    actorName: string,
  ) {
    this.actor = { pid: process.pid, host: hostname(), name: actorName };
  }

  /** Records one entry (model call, agent run, skill execution…), taking the profile lock. */
  record(input: AuditInput): Promise<AuditEntry> {
    return this.lock.withLock('audit', () => this.appendLocked(input));
  }

  /** Appends while the caller already holds the profile lock (the store's own writes). */
  appendLocked(input: AuditInput): AuditEntry {
    const now = this.files.clock();
    const ts = now.toISOString();
    const day = ts.slice(0, 10);
    const rel = `${AUDIT_DIR}/${day}.jsonl`;
    const lines: string[] = [];
    let last = this.readTail(rel);
    if (!last) {
      const header = sealLine({ format: 'metahuman.audit', version: AUDIT_FORMAT_VERSION, day, created: ts, prev: this.lastHashBefore(day) });
      lines.push(header.line);
      last = { rel, size: 0, whole: true, hash: header.hash, seq: 0 };
    }
    const clean = redactEntry(input);
    const body = { seq: last.seq + 1, ts, actor: this.actor, ...clean, prev: last.hash };
    const sealed = sealLine(body);
    const entry = JSON.parse(sealed.line) as AuditEntry;
    // The schema forbids unknown fields, so a secret cannot ride along in an extra property.
    const problem = storageSchemas().audit(entry);
    if (problem) throw new StoreError('INVALID', `Refusing to write an audit entry: ${problem}`, rel);
    lines.push(sealed.line);
    const written = this.files.append(rel, lines, undefined, last.whole && last.size > 0 ? last.size : undefined);
    this.tail = { rel, size: written.end, whole: true, hash: sealed.hash, seq: entry.seq };
    return entry;
  }

  /** Checks the whole chain; reports the first broken link with its file and line. */
  verify(): AuditReport {
    return verifyAudit(this.files);
  }

  /** The day files, oldest first (`audit/2026-11-25.jsonl`…). */
  days(): string[] {
    return this.files.list(AUDIT_DIR).filter((name) => DAY_FILE.test(name)).map((name) => `${AUDIT_DIR}/${name}`);
  }

  /** The entries of one day (UTC, `YYYY-MM-DD`), header excluded; damaged lines are skipped. */
  entries(day: string): AuditEntry[] {
    const raw = this.files.read(`${AUDIT_DIR}/${day}.jsonl`);
    if (!raw) return [];
    const out: AuditEntry[] = [];
    for (const line of raw.toString('utf8').split('\n')) {
      try {
        const parsed = JSON.parse(line) as Partial<AuditEntry>;
        if (typeof parsed.seq === 'number') out.push(parsed as AuditEntry);
      } catch {
        /* torn or damaged: verify reports it */
      }
    }
    return out;
  }

  private readTail(rel: string): Tail | undefined {
    let size: number;
    try {
      size = this.files.fs.statSync(this.files.abs(rel)).size;
    } catch {
      return undefined;
    }
    if (this.tail?.rel === rel && this.tail.size === size) return this.tail;
    const found = lastCompleteLine(this.files, rel, size);
    if (found === undefined) return undefined;
    const { line, whole } = found;
    const sealed = unsealLine(line);
    let seq = 0;
    try {
      seq = Number((JSON.parse(line) as { seq?: number }).seq ?? 0);
    } catch {
      /* a damaged last line still gets chained onto; verify will point at it */
    }
    return { rel, size, whole, hash: sealed?.hash ?? sha256(line), seq };
  }

  private lastHashBefore(day: string): string {
    const earlier = this.days().filter((rel) => rel < `${AUDIT_DIR}/${day}.jsonl`);
    const rel = earlier.at(-1);
    if (!rel) return GENESIS_HASH;
    const size = this.files.fs.statSync(this.files.abs(rel)).size;
    const line = lastCompleteLine(this.files, rel, size)?.line;
    if (line === undefined) return GENESIS_HASH;
    return unsealLine(line)?.hash ?? sha256(line);
  }
}

/** Reads backwards in growing chunks until a whole last line is found. */
function lastCompleteLine(files: ProfileFiles, rel: string, size: number): { line: string; whole: boolean } | undefined {
  for (let chunk = 4096; ; chunk *= 4) {
    const start = Math.max(0, size - chunk);
    const buffer = files.readRange(rel, start, size);
    const end = buffer.lastIndexOf(0x0a);
    if (end < 0) {
      if (start === 0) return undefined;
      continue;
    }
    const begin = buffer.lastIndexOf(0x0a, end - 1);
    if (begin < 0 && start > 0) continue;
    return { line: buffer.toString('utf8', begin + 1, end), whole: end === buffer.length - 1 };
  }
}
