import { PassThrough } from 'node:stream';
import { runCli } from '../../../src/cli/main';

export interface MhRun {
  code: number;
  out: string;
  err: string;
  /** How many separate writes reached stdout (streaming shows as many). */
  writes: number;
}

/** Runs `mh` in-process with captured output and an empty environment, as the CLI specs need. */
export async function runMh(args: string[], options: { cwd?: string } = {}): Promise<MhRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const run: MhRun = { code: 0, out: '', err: '', writes: 0 };
  stdout.on('data', (c: Buffer) => {
    run.writes++;
    run.out += c.toString();
  });
  stderr.on('data', (c: Buffer) => (run.err += c.toString()));
  run.code = await runCli(args, { stdout, stderr, env: {}, cwd: options.cwd ?? process.cwd() });
  return run;
}
