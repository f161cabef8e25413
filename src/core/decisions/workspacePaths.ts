import { lstat, readlink, realpath } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, parse, relative, resolve, sep } from 'node:path';
import { SkillInputError } from '../skills/skillTypes';

/**
 * Resolves a path argument against the workspace and refuses anything that lands outside it:
 * `..`, absolute paths elsewhere, and symlinks (in the path or any existing parent) that point out.
 * A path that does not exist yet is judged by its nearest existing parent, resolved for real.
 * Returns the absolute, symlink-free path to write.
 */
export async function resolveInsideWorkspace(workspace: string, path: string, field = 'path'): Promise<string> {
  if (typeof path !== 'string' || path.trim() === '') throw new SkillInputError(`${field} is empty.`, field);
  if (path.includes('\0')) throw new SkillInputError(`${field} contains a NUL character.`, field);
  const root = await realpath(workspace).catch(() => {
    throw new SkillInputError(`The workspace folder ${workspace} does not exist.`, 'workspace');
  });
  await refuseBroadWorkspace(root);
  const target = isAbsolute(path) ? resolve(path) : resolve(root, path);
  const real = await realpathOfNearest(target);
  if (!isInside(root, real)) throw new SkillInputError(`${field} "${path}" is outside the workspace ${root}.`, field);
  return real;
}

/**
 * A workspace is a project folder: the filesystem root or the home folder itself would put every
 * file the person has (their dotfiles, their keys, the profile) in reach. `root` must be resolved.
 */
export async function refuseBroadWorkspace(root: string): Promise<void> {
  refuseBroadWorkspaceSync(root, await realpath(homedir()).catch(() => resolve(homedir())));
}

/** The same, judged on the path as given (no file system access), for skills that only need the folder. */
export function refuseBroadWorkspaceSync(workspace: string, home = resolve(homedir())): void {
  const root = resolve(workspace);
  const project = '(open one in VS Code, or pass --workspace DIR to mh)';
  if (root === parse(root).root) throw new SkillInputError(`The workspace ${root} is the filesystem root; a workspace is a project folder ${project}.`, 'workspace');
  if (root === home) throw new SkillInputError(`The workspace ${root} is your home folder; a workspace is a project folder ${project}.`, 'workspace');
}

/**
 * The twin never edits its own profile with a file skill — its trust, policy, approval queue and
 * audit live there — and neither does the person's own run: those change through `mh policy`,
 * `mh skills trust`, `mh persona` and the approvals commands, which validate and audit the change.
 * Both paths must be resolved (the profile is resolved here).
 */
export async function refuseProfilePath(profileDir: string, absPath: string, shown: string, field = 'path'): Promise<void> {
  const profile = await realpath(profileDir).catch(() => resolve(profileDir));
  if (isInside(profile, absPath)) {
    throw new SkillInputError(`${field} "${shown}" is inside the twin's profile folder ${profile}: its trust, policy, approvals and audit are changed with mh policy, mh skills trust and mh persona, never by a file skill.`, field);
  }
}

/** True when `path` is `root` or below it. Both must already be resolved. */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/** The real path `target` leads to: symlinks resolved (dangling ones followed), missing tail segments kept. */
export async function realpathOfNearest(target: string): Promise<string> {
  const missing: string[] = [];
  let current = target;
  for (;;) {
    try {
      const real = await realpath(current);
      return missing.length ? join(real, ...missing.reverse()) : real;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      // A dangling symlink: writing through it would create its target, wherever that is.
      const link = await lstat(current).catch(() => undefined);
      if (link?.isSymbolicLink()) {
        current = resolve(dirname(current), await readlink(current));
        continue;
      }
      const parent = dirname(current);
      if (parent === current) return target;
      missing.push(basename(current));
      current = parent;
    }
  }
}
