import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

/** Where the profile lives when nothing else says: one folder holds one person. */
export const DEFAULT_PROFILE_DIR = '.metahuman';

export interface ProfilePathSources {
  /** An explicit choice (CLI `--profile`, the `metahuman.profilePath` setting); empty means unset. */
  explicit?: string;
  /** The process environment, for `MH_PROFILE`. */
  env?: NodeJS.ProcessEnv;
  home?: string;
  cwd?: string;
}

/** Resolves the profile folder: explicit choice, then `MH_PROFILE`, then `~/.metahuman`. `~` is expanded. */
export function resolveProfilePath(sources: ProfilePathSources = {}): string {
  const home = sources.home ?? homedir();
  const chosen = nonEmpty(sources.explicit) ?? nonEmpty(sources.env?.MH_PROFILE);
  if (!chosen) return join(home, DEFAULT_PROFILE_DIR);
  const expanded = chosen === '~' ? home : chosen.startsWith('~/') ? join(home, chosen.slice(2)) : chosen;
  return isAbsolute(expanded) ? resolve(expanded) : resolve(sources.cwd ?? process.cwd(), expanded);
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
