import { relative, sep } from 'node:path';

/**
 * Places in a workspace where writing a file amounts to running code or touching a secret: git
 * hooks and config, the editor's tasks and settings, CI workflows, package scripts, environment
 * files. A write there is never done alone, whatever the trust: the engine asks the person (rule
 * `sensitive-path`). Matched case-insensitively (macOS and Windows folders are), at any depth
 * (nested repositories, monorepo packages).
 */
interface SensitiveRule {
  /** What a person reads: `.git/`, `package.json`. */
  label: string;
  why: string;
  /** Any folder on the way has this name. */
  folder?: string;
  /** These two folders, one inside the other (`.github/workflows`). */
  nested?: [string, string];
  /** The file's own name. */
  file?: RegExp;
}

const RULES: readonly SensitiveRule[] = [
  { label: '.git/', folder: '.git', why: 'git runs hooks and reads its config (which can name programs) from here' },
  { label: '.git', file: /^\.git$/, why: 'it points git at another repository folder' },
  { label: '.vscode/', folder: '.vscode', why: 'the editor runs tasks and launch configurations and applies settings from here' },
  { label: '.devcontainer/', folder: '.devcontainer', why: 'the editor builds and runs containers from here' },
  { label: '.husky/', folder: '.husky', why: 'its files are git hooks' },
  { label: '.github/workflows/', nested: ['.github', 'workflows'], why: 'CI runs these on every push' },
  { label: '.github/actions/', nested: ['.github', 'actions'], why: 'CI runs these on every push' },
  { label: '.gitlab-ci.yml', file: /^\.gitlab-ci\.ya?ml$/, why: 'CI runs it on every push' },
  { label: '.gitattributes', file: /^\.gitattributes$/, why: 'it chooses the filters and diff programs git runs' },
  { label: '.gitmodules', file: /^\.gitmodules$/, why: 'it tells git which repositories to fetch' },
  { label: 'package.json', file: /^package\.json$/, why: 'npm runs its scripts on install, test and build' },
  { label: '.npmrc / .yarnrc', file: /^\.(npmrc|yarnrc|yarnrc\.yml|pnpmfile\.cjs)$/, why: 'the package manager reads credentials and scripts from it' },
  { label: '.env*', file: /^\.env(\..*)?$/, why: 'environment files hold secrets' },
  { label: '.envrc', file: /^\.envrc$/, why: 'direnv runs it when you enter the folder' },
];

/** Why writing `absPath` (symlink-free, inside `root`) must be asked, or undefined when it is an ordinary file. */
export function sensitiveReason(root: string, absPath: string): string | undefined {
  const rel = relative(root, absPath);
  if (rel === '') return undefined;
  const parts = rel.split(sep).map((p) => p.toLowerCase());
  const folders = parts.slice(0, -1);
  const name = parts.at(-1) ?? '';
  const shown = rel.split(sep).join('/');
  for (const rule of RULES) {
    const hit =
      (rule.folder !== undefined && folders.includes(rule.folder)) ||
      (rule.nested !== undefined && folders.some((f, i) => f === rule.nested?.[0] && folders[i + 1] === rule.nested[1])) ||
      (rule.file !== undefined && rule.file.test(name));
    if (hit) return `${shown} is a sensitive path (${rule.label}: ${rule.why}), so the person is always asked.`;
  }
  return undefined;
}
