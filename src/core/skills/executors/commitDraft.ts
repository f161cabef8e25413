import { basename, dirname } from 'node:path';

export interface ChangedFile {
  path: string;
  /** git's letter: Added, Copied, Deleted, Modified, Renamed, Type changed, Unmerged, unknown (X). */
  status: 'A' | 'C' | 'D' | 'M' | 'R' | 'T' | 'U' | 'X';
  added: number;
  deleted: number;
}

const SUBJECT_MAX = 72;
const BODY_FILES_MAX = 20;
/** Folders too generic to name a scope. */
const GENERIC_DIRS = new Set(['', '.', 'src', 'lib', 'app', 'source', 'packages', 'test', 'tests']);

const isDoc = (p: string) => /\.(md|mdx|txt|rst|adoc)$/i.test(p) || /^docs?\//.test(p);
const isTest = (p: string) => /(^|\/)(test|tests|__tests__|spec)\//.test(p) || /\.(spec|test)\.[a-z]+$/i.test(p);
const isCi = (p: string) => /^\.(github|ci|circleci|gitlab)\//.test(p) || p === '.gitlab-ci.yml' || p === '.travis.yml';
const isBuild = (p: string) =>
  /(^|\/)(package\.json|package-lock\.json|yarn\.lock|pnpm-lock\.yaml|tsconfig[^/]*\.json|Makefile|Dockerfile|Cargo\.(toml|lock)|go\.(mod|sum)|pyproject\.toml|requirements[^/]*\.txt)$/.test(p) ||
  /(^|\/)(esbuild|webpack|rollup|vite)\.config\.[a-z]+$/.test(p) ||
  /^scripts\/build/.test(p);

/**
 * A conventional-commit draft from the changed files alone (no model): the type from what kind of
 * files changed, the scope from the folder they share, the summary from what happened to them, and
 * a body listing each file with its line counts. A person edits it; it never pretends to know why.
 */
export function draftCommitMessage(files: ChangedFile[], options: { staged: boolean; type?: string; scope?: string }): string {
  const type = options.type ?? guessType(files);
  const scope = options.scope ?? guessScope(files);
  const prefix = `${type}${scope ? `(${scope})` : ''}: `;
  const subject = prefix + summarize(files, SUBJECT_MAX - prefix.length);
  const listed = files.slice(0, BODY_FILES_MAX).map((f) => `- ${f.path} (${STATUS_WORD[f.status]}, +${f.added} −${f.deleted})`);
  if (files.length > BODY_FILES_MAX) listed.push(`- … and ${files.length - BODY_FILES_MAX} more`);
  const added = files.reduce((n, f) => n + f.added, 0);
  const deleted = files.reduce((n, f) => n + f.deleted, 0);
  const source = options.staged ? 'the staged changes' : 'the unstaged changes (nothing is staged)';
  return [subject, '', ...listed, '', `${files.length} ${files.length === 1 ? 'file' : 'files'} changed, +${added} −${deleted}; drafted from ${source}.`].join('\n');
}

const STATUS_WORD: Record<ChangedFile['status'], string> = { A: 'added', C: 'copied', D: 'deleted', M: 'modified', R: 'renamed', T: 'type changed', U: 'unmerged', X: 'changed' };

export function guessType(files: ChangedFile[]): string {
  const all = (test: (p: string) => boolean) => files.every((f) => test(f.path));
  if (all(isTest)) return 'test';
  if (all(isDoc)) return 'docs';
  if (all(isCi)) return 'ci';
  if (all(isBuild)) return 'build';
  const code = files.filter((f) => !isTest(f.path) && !isDoc(f.path) && !isCi(f.path) && !isBuild(f.path));
  if (code.some((f) => f.status === 'A')) return 'feat';
  return 'refactor';
}

/** The last meaningful folder all files share: `src/core/skills/a.ts` + `src/core/skills/b.ts` → `skills`. */
export function guessScope(files: ChangedFile[]): string | undefined {
  const dirs = files.map((f) => dirname(f.path).split('/'));
  const shared: string[] = [];
  for (let i = 0; dirs.every((d) => i < d.length && d[i] === dirs[0][i]); i++) shared.push(dirs[0][i]);
  const scope = [...shared].reverse().find((segment) => !GENERIC_DIRS.has(segment));
  return scope && /^[A-Za-z0-9._-]{1,40}$/.test(scope) ? scope : undefined;
}

function summarize(files: ChangedFile[], room: number): string {
  const verb = files.every((f) => f.status === 'A') ? 'add' : files.every((f) => f.status === 'D') ? 'remove' : files.every((f) => f.status === 'R') ? 'rename' : 'update';
  const names = files.map((f) => basename(f.path));
  const listed = names.length <= 3 ? `${verb} ${names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`}` : '';
  if (listed && listed.length <= room) return listed;
  const counted = `${verb} ${names.length} files`;
  const first = `${verb} ${names[0]} and ${names.length - 1} more ${names.length === 2 ? 'file' : 'files'}`;
  return first.length <= room ? first : counted.slice(0, room);
}
