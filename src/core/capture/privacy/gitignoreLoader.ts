import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import type { GitignoreSource } from './pathFilter';

export interface LoadGitignoresOptions {
  /** Stop after visiting this many folders (a huge monorepo must not stall the engine). Default 20,000. */
  maxDirs?: number;
}

/** Folders never walked: they hold no `.gitignore` that matters and can be enormous. */
const SKIP = new Set(['.git', 'node_modules', '.hg', '.svn']);

/**
 * Reads every `.gitignore` under a workspace folder, plus `.git/info/exclude`, for the engine
 * worker (the extension host reads nothing for capture). Folders that an outer `.gitignore`
 * already ignores are not entered, which keeps build outputs and vendored trees out of the walk.
 * Unreadable folders are skipped: a missing rule file means fewer exclusions, never a crash.
 */
export async function loadGitignores(folder: string, options: LoadGitignoresOptions = {}): Promise<GitignoreSource[]> {
  const maxDirs = options.maxDirs ?? 20_000;
  const sources: GitignoreSource[] = [];
  const exclude = await readText(join(folder, '.git', 'info', 'exclude'));
  if (exclude) sources.push({ dir: '', content: exclude });
  const active: Array<{ dir: string; rules: Ignore }> = exclude ? [{ dir: '', rules: ignore().add(exclude) }] : [];
  const queue: string[] = [''];
  let visited = 0;
  while (queue.length > 0 && visited < maxDirs) {
    const dir = queue.shift() as string;
    visited++;
    const abs = dir === '' ? folder : join(folder, dir);
    const entries = await readdir(abs, { withFileTypes: true }).catch(() => []);
    if (entries.some((e) => e.name === '.gitignore' && e.isFile())) {
      const content = await readText(join(abs, '.gitignore'));
      if (content) {
        sources.push({ dir, content });
        active.push({ dir, rules: ignore().add(content) });
      }
    }
    for (const entry of entries) {
      if (!entry.isDirectory() || SKIP.has(entry.name)) continue;
      const child = dir === '' ? entry.name : `${dir}/${entry.name}`;
      if (!isIgnoredDir(child, active)) queue.push(child);
    }
  }
  return sources;
}

function isIgnoredDir(rel: string, active: ReadonlyArray<{ dir: string; rules: Ignore }>): boolean {
  return active.some(({ dir, rules }) => {
    if (dir !== '' && !rel.startsWith(`${dir}/`)) return false;
    return rules.ignores(`${dir === '' ? rel : rel.slice(dir.length + 1)}/`);
  });
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}
