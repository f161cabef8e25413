import { stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { runProcess } from '../processRunner';
import { requireWorkspace } from '../skillWorkspace';
import { SkillInputError, type SkillContext, type SkillExecutor } from '../skillTypes';
import { draftCommitMessage, type ChangedFile } from './commitDraft';

export type CommitMessageArgs = {
  type?: string;
  scope?: string;
};

const GIT_OUTPUT_CAP_BYTES = 1024 * 1024;

/** Before the subcommand: settings that stop the repository's own config from running programs. */
export const SAFE_GIT_OPTIONS = ['--no-optional-locks', '-c', 'core.fsmonitor=false', '-c', 'core.hooksPath=/dev/null', '-c', 'core.quotepath=off'];

/**
 * `commit-message`: drafts a commit message from the workspace's staged changes (the unstaged ones
 * when nothing is staged). Reads only: git runs with optional locks off, so not even the index's
 * stat cache is rewritten. It runs without approval (risk `read`), so nothing the repository
 * configures may run a program: no fsmonitor hook (`core.fsmonitor`, which a plain `git diff` runs
 * from `.git/config`), no hooks, no external diff driver, textconv or clean filter (`.gitattributes`);
 * submodules' work trees are not inspected (their own config could run programs).
 * The draft is heuristic (commitDraft.ts); the output is the message.
 */
export const commitMessageExecutor: SkillExecutor<CommitMessageArgs> = {
  async check(_args, ctx) {
    await repositoryOf(ctx);
  },

  async preview(_args, ctx) {
    const repo = await repositoryOf(ctx);
    return {
      summary: `Draft a commit message from the staged changes in ${repo} (reads only)`,
      details: `reads: git diff --cached --name-status and --numstat (or, with nothing staged, the unstaged diff)\nin: ${repo}\nwrites: nothing; the message is the output`,
      kind: 'text',
    };
  },

  async execute(args, ctx) {
    const repo = await repositoryOf(ctx);
    let files = await changedFiles(repo, true, ctx);
    const staged = files.length > 0;
    if (!staged) files = await changedFiles(repo, false, ctx);
    if (files.length === 0) return { ok: false, output: `Nothing to describe: ${repo} has no staged or unstaged changes.` };
    return { ok: true, output: draftCommitMessage(files, { staged, ...(args.type ? { type: args.type } : {}), ...(args.scope ? { scope: args.scope } : {}) }) };
  },
};

/** The workspace, when it is inside a git working tree (a `.git` folder or file in it or above). */
async function repositoryOf(ctx: SkillContext): Promise<string> {
  const workspace = requireWorkspace(ctx, 'commit-message');
  for (let dir = workspace; ; dir = dirname(dir)) {
    if (await stat(join(dir, '.git')).catch(() => undefined)) return workspace;
    if (dirname(dir) === dir) break;
  }
  throw new SkillInputError(`The workspace ${workspace} is not inside a git repository.`, 'workspace');
}

async function changedFiles(repo: string, staged: boolean, ctx: SkillContext): Promise<ChangedFile[]> {
  const options = await filtersOff(repo, ctx);
  const base = ['diff', '--no-color', '--no-ext-diff', '--no-textconv', '--ignore-submodules=dirty', ...(staged ? ['--cached'] : []), '-z'];
  const [statuses, counts] = [await git(repo, [...base, '--name-status'], ctx, options), await git(repo, [...base, '--numstat'], ctx, options)];
  return mergeStatusAndCounts(statuses, counts);
}

/**
 * `-c filter.<name>.clean= …` for every filter driver the config defines: an unstaged diff runs a
 * file's clean filter (chosen by `.gitattributes`), and git has no switch that turns them all off.
 * Reading the config runs nothing.
 */
async function filtersOff(repo: string, ctx: SkillContext): Promise<string[]> {
  const names = await git(repo, ['config', '--name-only', '-z', '--get-regexp', '^filter\\..*\\.(clean|smudge|process)$'], ctx, [], [0, 1]);
  return names
    .split('\0')
    .filter((name) => name !== '')
    .flatMap((name) => ['-c', `${name}=`]);
}

async function git(repo: string, command: string[], ctx: SkillContext, options: string[] = [], okExits: number[] = [0]): Promise<string> {
  const outcome = await runProcess({
    command: 'git',
    args: [...SAFE_GIT_OPTIONS, ...options, ...command],
    cwd: repo,
    timeoutMs: ctx.timeoutMs,
    signal: ctx.signal,
    maxOutputBytes: GIT_OUTPUT_CAP_BYTES,
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' },
  });
  const shown = `git ${command.join(' ')}`;
  if (outcome.timedOut) throw new Error(`${shown} did not finish in time.`);
  if (outcome.aborted) throw new Error('Cancelled while reading the git diff.');
  if (outcome.exitCode === null || !okExits.includes(outcome.exitCode)) throw new Error(`${shown} failed (exit ${outcome.exitCode}): ${outcome.stderr.trim()}`);
  return outcome.stdout;
}

/** `--name-status -z`: `M\0path\0`, `R100\0old\0new\0`; `--numstat -z`: `1\t2\tpath\0` or `1\t2\t\0old\0new\0`. */
export function mergeStatusAndCounts(statuses: string, counts: string): ChangedFile[] {
  const files: ChangedFile[] = [];
  const tokens = statuses.split('\0');
  for (let i = 0; i < tokens.length; i++) {
    const code = tokens[i];
    if (!/^[ACDMRTUX]\d*$/.test(code)) continue;
    const renamed = code.startsWith('R') || code.startsWith('C');
    const path = renamed ? tokens[i + 2] : tokens[i + 1];
    i += renamed ? 2 : 1;
    if (path) files.push({ path, status: code[0] as ChangedFile['status'], added: 0, deleted: 0 });
  }
  const byPath = new Map(files.map((f) => [f.path, f]));
  const parts = counts.split('\0');
  for (let i = 0; i < parts.length; i++) {
    const m = /^(\d+|-)\t(\d+|-)\t([\s\S]*)$/.exec(parts[i]);
    if (!m) continue;
    let path = m[3];
    if (path === '') {
      path = parts[i + 2];
      i += 2;
    }
    const file = byPath.get(path);
    if (!file) continue;
    file.added = m[1] === '-' ? 0 : Number(m[1]);
    file.deleted = m[2] === '-' ? 0 : Number(m[2]);
  }
  return files;
}
