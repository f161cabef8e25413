import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * With `metahuman.capture.hashPaths`, paths are stored as `path:<16 hex>`: a salted SHA-256 of the
 * path. The same file always hashes the same (so sessions still group by file and search can
 * match a hash the engine computes for a path the person types), but the name never reaches disk.
 * The salt is per profile so hashes cannot be compared across people or looked up in a table of
 * common names.
 */
export type PathHasher = (path: string) => string;

export const HASHED_PATH_PREFIX = 'path:';

export function createPathHasher(salt: string): PathHasher {
  const cache = new Map<string, string>();
  return (path) => {
    const normalized = path.replace(/\\/g, '/');
    let hashed = cache.get(normalized);
    if (hashed === undefined) {
      hashed = HASHED_PATH_PREFIX + createHash('sha256').update(salt).update('\0').update(normalized).digest('hex').slice(0, 16);
      if (cache.size > 10_000) cache.clear();
      cache.set(normalized, hashed);
    }
    return hashed;
  };
}

export function isHashedPath(path: string): boolean {
  return path.startsWith(HASHED_PATH_PREFIX) && /^path:[0-9a-f]{16}$/.test(path);
}

/** Where the salt lives inside a profile folder. */
export function pathSaltFile(profileDir: string): string {
  return join(profileDir, 'capture', 'path-salt');
}

/**
 * The profile's salt, created (32 random bytes, owner-only file) on first use. Written to a temp
 * file and renamed, so two windows racing at first use end with one salt both read back.
 */
export function readOrCreatePathSalt(profileDir: string): string {
  const file = pathSaltFile(profileDir);
  const existing = tryRead(file);
  if (existing) return existing;
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(temp, randomBytes(32).toString('hex'), { mode: 0o600 });
  renameSync(temp, file);
  return tryRead(file) ?? '';
}

function tryRead(file: string): string | undefined {
  try {
    const text = readFileSync(file, 'utf8').trim();
    return text.length >= 32 ? text : undefined;
  } catch {
    return undefined;
  }
}
