/**
 * What a compaction of the memory index did (the sleep service reports it). The index is a
 * derived cache, so its compaction only reclaims space: FTS5 segments merged, empty vector rows
 * (forgotten or re-embedded records) dropped with the slots renumbered, and SQLite's free pages
 * returned by VACUUM.
 */
export interface IndexCompaction {
  bytesBefore: number;
  bytesAfter: number;
  /** Empty vector rows dropped. */
  vectorRowsDropped: number;
  /** Why VACUUM did not run, when it did not. */
  vacuumSkipped?: string;
}

/** "index 12.1 MB → 9.8 MB (3 empty vector rows dropped)". */
export function describeIndexCompaction(c: IndexCompaction): string {
  const rows = c.vectorRowsDropped ? `, ${c.vectorRowsDropped} empty vector row${c.vectorRowsDropped === 1 ? '' : 's'} dropped` : '';
  const vacuum = c.vacuumSkipped ? `, no VACUUM: ${c.vacuumSkipped}` : '';
  return `index compacted: ${formatBytes(c.bytesBefore)} → ${formatBytes(c.bytesAfter)}${rows}${vacuum}`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}
