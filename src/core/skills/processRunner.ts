import { spawn } from 'node:child_process';

export interface RunProcessOptions {
  /** With `shell`, the whole command line; else the executable. */
  command: string;
  args?: string[];
  /** Run `command` through the system shell (`/bin/sh -c`, `cmd.exe /c` on Windows). */
  shell?: boolean;
  cwd: string;
  timeoutMs: number;
  signal: AbortSignal;
  /** Bytes of output kept per stream (and combined); the middle of longer output is dropped. */
  maxOutputBytes: number;
  env?: NodeJS.ProcessEnv;
  /** Each piece of output as it arrives (stdout and stderr), uncapped, e.g. to show it live. */
  onOutput?: (text: string) => void;
}

export interface ProcessOutcome {
  /** Null when it was killed or ended by a signal. */
  exitCode: number | null;
  /** stdout and stderr interleaved as they arrived, capped. */
  output: string;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  aborted: boolean;
}

// After the first polite signal, how long the process group gets before SIGKILL; and how long its
// streams may stay open once the leader exited (a background child holding them).
const KILL_GRACE_MS = 2000;
const DRAIN_MS = 500;

/**
 * Runs a process in its own process group and ends the whole group on timeout or abort, so nothing
 * it started outlives it. Never rejects for the process's own failure: the outcome says what happened.
 */
export function runProcess(options: RunProcessOptions): Promise<ProcessOutcome> {
  return new Promise((resolve, reject) => {
    const output = new CappedText(options.maxOutputBytes);
    const stdout = new CappedText(options.maxOutputBytes);
    const stderr = new CappedText(options.maxOutputBytes);
    let timedOut = false;
    let aborted = false;
    let exitCode: number | null = null;
    let settled = false;
    const posix = process.platform !== 'win32';
    const child = spawn(options.command, options.args ?? [], {
      cwd: options.cwd,
      shell: options.shell ?? false,
      detached: posix,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: options.env ?? process.env,
      windowsHide: true,
    });

    const killGroup = (signal: NodeJS.Signals) => {
      if (child.pid === undefined) return;
      try {
        if (posix) process.kill(-child.pid, signal);
        else spawn('taskkill', ['/pid', String(child.pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true });
      } catch {
        // The group is already gone.
      }
    };
    let killTimer: NodeJS.Timeout | undefined;
    const stop = () => {
      killGroup('SIGTERM');
      killTimer ??= setTimeout(() => killGroup('SIGKILL'), KILL_GRACE_MS);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, options.timeoutMs);
    const onAbort = () => {
      aborted = true;
      stop();
    };
    if (options.signal.aborted) onAbort();
    else options.signal.addEventListener('abort', onAbort, { once: true });

    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(killTimer);
      options.signal.removeEventListener('abort', onAbort);
      // Whatever the command left running in its group (a `cmd &`) does not outlive it.
      killGroup('SIGKILL');
      resolve({ exitCode, output: output.text(), stdout: stdout.text(), stderr: stderr.text(), timedOut, aborted });
    };
    const decoder = new TextDecoder();
    const show = (chunk: Buffer) => options.onOutput?.(decoder.decode(chunk, { stream: true }));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout.add(chunk);
      output.add(chunk);
      show(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr.add(chunk);
      output.add(chunk);
      show(chunk);
    });
    child.on('error', (error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal.removeEventListener('abort', onAbort);
      reject(error);
    });
    child.on('exit', (code) => {
      exitCode = code;
      setTimeout(finish, DRAIN_MS).unref();
    });
    child.on('close', finish);
  });
}

/** Keeps the first and last halves of a stream past `max` bytes, noting how much was dropped between. */
export class CappedText {
  private head: Buffer[] = [];
  private headBytes = 0;
  private tail: Buffer = Buffer.alloc(0);
  private dropped = 0;

  constructor(private readonly max: number) {}

  add(chunk: Buffer): void {
    const headRoom = Math.ceil(this.max / 2) - this.headBytes;
    if (headRoom > 0) {
      const part = chunk.subarray(0, headRoom);
      this.head.push(part);
      this.headBytes += part.length;
      chunk = chunk.subarray(part.length);
    }
    if (chunk.length === 0) return;
    const tailMax = Math.floor(this.max / 2);
    const joined = Buffer.concat([this.tail, chunk]);
    this.dropped += Math.max(0, joined.length - tailMax);
    this.tail = joined.subarray(Math.max(0, joined.length - tailMax));
  }

  text(): string {
    const head = Buffer.concat(this.head).toString('utf8');
    const gap = this.dropped > 0 ? `\n… ${this.dropped} bytes of output left out …\n` : '';
    return head + gap + this.tail.toString('utf8');
  }
}
