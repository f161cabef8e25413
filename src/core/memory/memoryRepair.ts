import type { ProfileFiles, QuarantinedLine } from '../profile/profileFiles';
import { splitLines, tryParse } from '../profile/jsonlLines';
import { familyOf } from './memoryFiles';
import { asHeader, checkLine, headerLine, MEMORY_FORMAT_VERSION } from './memoryFormat';
import { migrateFromV1, type MigrationInput } from './memoryMigration';

export interface RepairReport {
  rel: string;
  /** Lines moved to quarantine/. */
  quarantined: number;
  /** True when the file was converted from an older format version. */
  migrated: boolean;
  /** True when the file was replaced (its generation bumped). */
  rewritten: boolean;
}

/**
 * Makes one memory file whole again. Must run under the profile lock, so that bytes after the
 * last newline are known to be torn rather than a write in progress. Damaged lines are copied to
 * quarantine/ first and only then removed: a crash in between leaves a duplicate, never a loss.
 * A lone torn tail is cut by truncation (offsets stay valid); anything else rewrites the file
 * atomically with the next generation.
 */
export function repairMemoryFile(io: ProfileFiles, rel: string): RepairReport {
  const family = familyOf(rel);
  const report: RepairReport = { rel, quarantined: 0, migrated: false, rewritten: false };
  const buffer = io.read(rel);
  if (!buffer) return report;
  const split = splitLines(buffer, 0, 1);
  const first = split.lines[0];
  const header = first ? asHeader(tryParse(first.text)) : undefined;
  const version = header?.version ?? guessVersion(family, split.lines.map((l) => l.text));
  if (version > MEMORY_FORMAT_VERSION) return report;
  const body = header ? split.lines.slice(1) : split.lines;
  const bad: QuarantinedLine[] = [];
  const good: string[] = [];
  if (version < MEMORY_FORMAT_VERSION) {
    const inputs: MigrationInput[] = [];
    const rawByLine = new Map<number, string>();
    for (const line of body) {
      const value = tryParse(line.text);
      rawByLine.set(line.line, line.text);
      if (value === undefined) bad.push({ file: rel, line: line.line, offset: line.offset, reason: 'not valid JSON', raw: line.text });
      else inputs.push({ value, line: line.line });
    }
    const migrated = migrateFromV1(family, inputs);
    for (const r of migrated.rejected) bad.push({ file: rel, line: r.line, offset: 0, reason: r.reason, raw: rawByLine.get(r.line) ?? '' });
    for (const value of migrated.values) {
      const problem = checkLine(family, value);
      if (problem) bad.push({ file: rel, offset: 0, reason: `after migration: ${problem}`, raw: JSON.stringify(value) });
      else good.push(JSON.stringify(value));
    }
    report.migrated = true;
  } else {
    for (const line of body) {
      const problem = checkLine(family, tryParse(line.text));
      if (problem) bad.push({ file: rel, line: line.line, offset: line.offset, reason: problem, raw: line.text });
      else good.push(line.text);
    }
  }
  if (split.partial) bad.push({ file: rel, line: split.lines.length + 1, offset: split.partial.offset, reason: 'torn last line (a writer stopped mid-line)', raw: split.partial.raw });
  if (bad.length) io.quarantine(bad);
  report.quarantined = bad.length;
  const onlyTornTail = header !== undefined && !report.migrated && bad.length === 1 && split.partial !== undefined;
  if (onlyTornTail) {
    io.truncate(rel, split.consumed);
  } else if (bad.length || report.migrated || !header) {
    const created = header?.created ?? io.clock().toISOString();
    const lines = [headerLine(family, (header?.generation ?? 0) + 1, created), ...good];
    io.writeAtomic(rel, `${lines.join('\n')}\n`);
    report.rewritten = true;
  }
  return report;
}

/**
 * A file without a header is version 1, unless its lines already read as the current format:
 * then only its header was damaged, and migrating would wrongly reject every line.
 */
function guessVersion(family: ReturnType<typeof familyOf>, texts: string[]): number {
  for (const text of texts) {
    const value = tryParse(text);
    if (value !== undefined) return checkLine(family, value) === undefined ? MEMORY_FORMAT_VERSION : 1;
  }
  return MEMORY_FORMAT_VERSION;
}
