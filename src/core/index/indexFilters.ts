import type { MemoryKind } from '../memory/record';

/** Narrows a search; every part is optional and all given parts must hold. */
export interface IndexFilters {
  kinds?: MemoryKind[];
  project?: string;
  /** Records carrying this tag. */
  tag?: string;
  /** A file the record touched: a path ("src/parser.ts"), a file name ("parser.ts") or a folder ("src/core/"). */
  file?: string;
  /** Inclusive lower bound, ms since the epoch. */
  since?: number;
  /** Exclusive upper bound, ms since the epoch. */
  until?: number;
}
