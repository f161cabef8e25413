import { lstat, readlink, realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
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
  const target = isAbsolute(path) ? resolve(path) : resolve(root, path);
  const real = await realpathOfNearest(target);
  if (!isInside(root, real)) throw new SkillInputError(`${field} "${path}" is outside the workspace ${root}.`, field);
  return real;
}

/** True when `path` is `root` or below it. Both must already be resolved. */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

async function realpathOfNearest(target: string): Promise<string> {
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
