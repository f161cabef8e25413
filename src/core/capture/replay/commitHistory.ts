import * as v from 'valibot';

/**
 * A commit history as JSON lines, one commit per line (the format of
 * `shared/fixtures/commander-history.jsonl`, and what `importGitRepository` produces):
 * `{ sha, author, date, subject, body, files: [{ path, added, deleted }] }`.
 */
const Count = v.nullish(v.pipe(v.number(), v.integer(), v.minValue(0)));

export const HistoryCommitSchema = v.object({
  sha: v.pipe(v.string(), v.regex(/^[0-9a-f]{4,64}$/i, 'sha must be hex')),
  author: v.optional(v.string()),
  /** Author date, ISO 8601 with offset. */
  date: v.pipe(v.string(), v.check((s) => !Number.isNaN(Date.parse(s)), 'date is not a valid date')),
  subject: v.string(),
  body: v.optional(v.string(), ''),
  files: v.optional(
    v.array(
      v.object({
        path: v.pipe(v.string(), v.minLength(1)),
        /** null for binary files (`-` in numstat). */
        added: Count,
        deleted: Count,
        /** The path before a rename, when git reported one. */
        oldPath: v.optional(v.string()),
      }),
    ),
    [],
  ),
});
export type HistoryCommit = v.InferOutput<typeof HistoryCommitSchema>;

/** A line that could not be used, reported with its 1-based number. */
export interface BadLine {
  line: number;
  reason: string;
}

/** Parses JSON lines; blank lines are ignored, bad ones reported and skipped. */
export function parseCommitHistory(input: string | readonly string[]): { commits: HistoryCommit[]; bad: BadLine[] } {
  const lines = typeof input === 'string' ? input.split(/\r?\n/) : input;
  const commits: HistoryCommit[] = [];
  const bad: BadLine[] = [];
  lines.forEach((text, index) => {
    if (text.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      bad.push({ line: index + 1, reason: `not JSON (${error instanceof Error ? error.message : String(error)})` });
      return;
    }
    const result = v.safeParse(HistoryCommitSchema, json);
    if (!result.success) {
      const issue = result.issues[0];
      const where = issue.path?.map((p) => String(p.key)).join('.');
      bad.push({ line: index + 1, reason: where ? `${where}: ${issue.message}` : issue.message });
      return;
    }
    commits.push(result.output);
  });
  return { commits, bad };
}
