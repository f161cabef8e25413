import { spawn } from 'node:child_process';
import type { BadLine, HistoryCommit } from './commitHistory';

export interface ImportGitOptions {
  /** Newest N commits only. */
  max?: number;
  /** Passed to `git log --author` (a regex git matches against "Name <email>"). */
  author?: string;
  /** `git` executable (tests, unusual installs). */
  gitPath?: string;
}

// Field and record separators git prints for us; they do not occur in names, dates or subjects.
const RS = '\x1e';
const FS = '\x1f';
const FORMAT = `${RS}%H${FS}%an${FS}%aI${FS}%s${FS}%b${FS}`;

/**
 * Reads a repository's history with `git log --numstat -z` into the replay format. `-z` keeps
 * paths with spaces, quotes or non-ASCII characters verbatim and reports renames as two paths.
 * A record that does not parse is reported (by its position, newest first) and skipped.
 */
export async function importGitRepository(repoPath: string, options: ImportGitOptions = {}): Promise<{ commits: HistoryCommit[]; bad: BadLine[] }> {
  const args = ['-C', repoPath, '-c', 'core.quotepath=off', 'log', '--no-color', '--numstat', '-z', `--format=${FORMAT}`];
  if (options.max !== undefined) args.push(`--max-count=${options.max}`);
  if (options.author) args.push(`--author=${options.author}`);
  const stdout = await run(options.gitPath ?? 'git', args);
  return parseGitLog(stdout);
}

export function parseGitLog(output: string): { commits: HistoryCommit[]; bad: BadLine[] } {
  const commits: HistoryCommit[] = [];
  const bad: BadLine[] = [];
  const records = output.split(RS).slice(1);
  records.forEach((record, index) => {
    const fields = record.split(FS);
    if (fields.length < 6) {
      bad.push({ line: index + 1, reason: `git log record has ${fields.length} fields, expected 6` });
      return;
    }
    const [sha, author, date, subject, body] = fields;
    const rest = fields.slice(5).join(FS);
    if (!/^[0-9a-f]{40,64}$/.test(sha) || Number.isNaN(Date.parse(date))) {
      bad.push({ line: index + 1, reason: 'git log record without a valid sha or date' });
      return;
    }
    commits.push({ sha, author, date, subject, body: body.trim(), files: parseNumstat(rest) });
  });
  return { commits, bad };
}

/** `added\tdeleted\tpath\0`, or for a rename `added\tdeleted\t\0old\0new\0`; `-` for binary files. */
function parseNumstat(text: string): HistoryCommit['files'] {
  const tokens = text.split('\0');
  const files: HistoryCommit['files'] = [];
  for (let i = 0; i < tokens.length; i++) {
    const m = /^\n?(\d+|-)\t(\d+|-)\t([\s\S]*)$/.exec(tokens[i]);
    if (!m) continue;
    const count = (s: string) => (s === '-' ? null : Number(s));
    if (m[3] === '') {
      const oldPath = tokens[i + 1];
      const path = tokens[i + 2];
      i += 2;
      if (path) files.push({ path, added: count(m[1]), deleted: count(m[2]), ...(oldPath ? { oldPath } : {}) });
    } else {
      files.push({ path: m[3], added: count(m[1]), deleted: count(m[2]) });
    }
  }
  return files;
}

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
      else reject(new Error(`git log failed (${code}): ${Buffer.concat(err).toString('utf8').trim().split('\n')[0] ?? ''}`));
    });
  });
}
