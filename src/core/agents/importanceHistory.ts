import { EDITS_FILE } from '../memory/memoryFiles';
import type { ProfileFiles } from '../profile/profileFiles';

/** One `set_importance` edit of a record, in the order written. */
export interface ImportanceEdit {
  importance: number;
  ts: string;
}

/**
 * Every `set_importance` edit in `memory/edits.jsonl`, by record. The folded record only shows
 * the last value; the sleep service needs the history to tell the organizer's score and its own
 * decay steps from a value the person chose. Damaged lines are skipped (the store reports them).
 */
export function importanceHistory(files: ProfileFiles): Map<string, ImportanceEdit[]> {
  const out = new Map<string, ImportanceEdit[]>();
  const raw = files.read(EDITS_FILE);
  if (!raw) return out;
  for (const line of raw.toString('utf8').split('\n')) {
    if (!line.includes('"set_importance"')) continue;
    let edit: { op?: unknown; target?: unknown; importance?: unknown; ts?: unknown };
    try {
      edit = JSON.parse(line) as typeof edit;
    } catch {
      continue;
    }
    if (edit.op !== 'set_importance' || typeof edit.target !== 'string' || typeof edit.importance !== 'number' || typeof edit.ts !== 'string') continue;
    const list = out.get(edit.target);
    const entry = { importance: edit.importance, ts: edit.ts };
    if (list) list.push(entry);
    else out.set(edit.target, [entry]);
  }
  return out;
}
