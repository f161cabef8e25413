import { resolveProfilePath } from '../core/profile/profilePath';
import { readProfileSettings } from '../core/settings/profileSettings';
import type { SettingsSnapshot } from '../core/settings/settingsTable';

/** What every `mh` subcommand gets: where the profile is and where to print. */
export interface CliContext {
  /** The profile folder, from `--profile`, `MH_PROFILE`, or `~/.metahuman`. */
  profileDir(): string;
  /** The settings VS Code saved in the profile (the defaults when there are none); a problem with them is said once on stderr. */
  settings(): SettingsSnapshot;
  /** Standard output, one line per call. */
  out(line: string): void;
  /** Standard error, one line per call. */
  err(line: string): void;
}

export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export function createCliContext(io: CliIo, getProfileOption: () => string | undefined): CliContext {
  let settings: SettingsSnapshot | undefined;
  const ctx: CliContext = {
    profileDir: () => resolveProfilePath({ explicit: getProfileOption(), env: io.env, cwd: io.cwd }),
    settings: () => {
      if (!settings) {
        const read = readProfileSettings(ctx.profileDir());
        if (read.problem) ctx.err(`warning: ${read.problem}`);
        settings = read.values;
      }
      return settings;
    },
    out: (line) => io.stdout.write(`${line}\n`),
    err: (line) => io.stderr.write(`${line}\n`),
  };
  return ctx;
}
