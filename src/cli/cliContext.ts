import { resolveProfilePath } from '../core/profile/profilePath';

/** What every `mh` subcommand gets: where the profile is and where to print. */
export interface CliContext {
  /** The profile folder, from `--profile`, `MH_PROFILE`, or `~/.metahuman`. */
  profileDir(): string;
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
  return {
    profileDir: () => resolveProfilePath({ explicit: getProfileOption(), env: io.env, cwd: io.cwd }),
    out: (line) => io.stdout.write(`${line}\n`),
    err: (line) => io.stderr.write(`${line}\n`),
  };
}
