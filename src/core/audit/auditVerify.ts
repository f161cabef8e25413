import type { ProfileFiles } from '../profile/profileFiles';
import { splitLines, tryParse } from '../profile/jsonlLines';
import { storageSchemas } from '../profile/storageSchemas';
import { GENESIS_HASH, sha256, unsealLine } from './auditChain';

export interface AuditBreak {
  /** Day file, relative to the profile folder. */
  file: string;
  /** 1-based line number. */
  line: number;
  reason: string;
}

export interface AuditReport {
  ok: boolean;
  files: number;
  /** Entries checked (headers not counted). */
  entries: number;
  /** The first link that does not hold; everything before it is intact. */
  firstBreak?: AuditBreak;
  /** Not breaks: a torn last line from a crash mid-append (quarantined by the next write). */
  warnings: string[];
  /** Hash of the last line checked: the head of the chain. */
  head: string;
}

const DAY_FILE = /^(\d{4}-\d{2}-\d{2})\.jsonl$/;

/**
 * Walks every day file in order, recomputing each line's hash from its text and checking that it
 * names the previous line's hash. An edited line fails its own hash; a deleted, inserted or
 * moved line breaks the `prev` link of the line after it; a deleted day breaks the next day's
 * header. Limit: lines cut from the very end of the newest day leave no later line to notice
 * the gap; `head` (printed by `mh audit verify`) is what to keep elsewhere to catch that.
 */
export function verifyAudit(files: ProfileFiles): AuditReport {
  const schemas = storageSchemas();
  const names = files.list('audit').filter((name) => DAY_FILE.test(name));
  const warnings: string[] = [];
  let prev = GENESIS_HASH;
  let prevWhere = 'the start of the log';
  let entries = 0;
  const broken = (file: string, line: number, reason: string): AuditReport => ({ ok: false, files: names.length, entries, firstBreak: { file, line, reason }, warnings, head: prev });
  for (const name of names) {
    const rel = `audit/${name}`;
    const split = splitLines(files.read(rel) ?? Buffer.alloc(0), 0, 1);
    if (split.partial) warnings.push(`${rel}: torn last line at byte ${split.partial.offset} (a writer stopped mid-line); it is quarantined at the next write`);
    let seq = 0;
    for (const { text, line } of split.lines) {
      const sealed = unsealLine(text);
      if (!sealed) return broken(rel, line, 'not a sealed audit line (no trailing hash): it was edited or inserted by hand');
      if (sha256(sealed.body) !== sealed.hash) return broken(rel, line, 'its content does not match its hash: the line was edited after it was written');
      const entry = tryParse(text) as { prev?: string; seq?: number; day?: string; format?: string } | undefined;
      const problem = entry ? schemas.audit(entry) : 'not JSON';
      if (!entry || problem) return broken(rel, line, `not a valid audit line: ${problem ?? 'unreadable'}`);
      if (entry.prev !== prev) {
        return broken(rel, line, line === 1
          ? `the day does not continue from ${prevWhere}: a day file or lines at the end of one were deleted, or days were reordered`
          : `it does not follow line ${line - 1}: a line before it was deleted, inserted or moved`);
      }
      if (line === 1 && (entry.format !== 'metahuman.audit' || entry.day !== DAY_FILE.exec(name)![1])) return broken(rel, line, 'the first line is not this day\'s header');
      if (line > 1) {
        if (entry.seq !== seq + 1) return broken(rel, line, `sequence number ${String(entry.seq)} where ${seq + 1} was expected`);
        seq = entry.seq;
        entries++;
      }
      prev = sealed.hash;
      prevWhere = `${rel} line ${line}`;
    }
  }
  return { ok: true, files: names.length, entries, warnings, head: prev };
}
