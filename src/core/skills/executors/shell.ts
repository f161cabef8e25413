import { stat } from 'node:fs/promises';
import { resolveInsideWorkspace } from '../../decisions/workspacePaths';
import { runProcess } from '../processRunner';
import { describeTimeout, requireWorkspace, TIMEOUT_SETTING } from '../skillWorkspace';
import { SkillInputError, type SkillContext, type SkillExecutor } from '../skillTypes';

export type ShellArgs = {
  command: string;
  cwd?: string;
};

/** Output kept per execution; the middle of longer output is left out (the audit caps it again). */
export const SHELL_OUTPUT_CAP_BYTES = 64 * 1024;

/**
 * `shell`: runs a command line through the system shell in a folder inside the workspace, in its
 * own process group, which is killed on timeout or cancel. Whether the command may run at all is the
 * policy's decision (src/core/decisions/shellCommand.ts), made before this is called.
 */
export const shellExecutor: SkillExecutor<ShellArgs> = {
  async check(args, ctx) {
    await folderFor(args, ctx);
  },

  async preview(args, ctx) {
    const cwd = await folderFor(args, ctx);
    return {
      summary: `Run \`${args.command}\` in ${cwd}`,
      details: `$ ${args.command}\n\nin: ${cwd}\nshell: ${shellName()}\ntimeout: ${describeTimeout(ctx.timeoutMs)}`,
      kind: 'command',
      command: { line: args.command, cwd },
    };
  },

  async execute(args, ctx) {
    const cwd = await folderFor(args, ctx);
    const shown = ctx.ports.terminal?.({ id: ctx.proposalId, line: args.command, cwd });
    const outcome = await runProcess({
      command: args.command,
      shell: true,
      cwd,
      timeoutMs: ctx.timeoutMs,
      signal: ctx.signal,
      maxOutputBytes: SHELL_OUTPUT_CAP_BYTES,
      ...(shown ? { onOutput: (text: string) => shown.write(text) } : {}),
    }).catch((error: unknown) => {
      shown?.end(undefined, `could not start: ${error instanceof Error ? error.message : String(error)}`);
      throw error;
    });
    if (outcome.timedOut || outcome.aborted) {
      const why = outcome.timedOut
        ? `Timed out: \`${args.command}\` was still running after ${describeTimeout(ctx.timeoutMs)} and was stopped (setting ${TIMEOUT_SETTING}).`
        : `Cancelled: \`${args.command}\` was stopped before it finished.`;
      shown?.end(undefined, outcome.timedOut ? 'timed out' : 'cancelled');
      return { ok: false, output: outcome.output ? `${why}\n${outcome.output}` : why };
    }
    shown?.end(outcome.exitCode ?? undefined);
    return { ok: outcome.exitCode === 0, output: outcome.output, ...(outcome.exitCode !== null ? { exitCode: outcome.exitCode } : {}) };
  },
};

async function folderFor(args: ShellArgs, ctx: SkillContext): Promise<string> {
  const workspace = requireWorkspace(ctx, 'shell');
  const cwd = await resolveInsideWorkspace(workspace, args.cwd ?? '.', 'cwd');
  const info = await stat(cwd).catch(() => undefined);
  if (!info?.isDirectory()) throw new SkillInputError(`cwd "${args.cwd ?? '.'}" is not a folder in the workspace.`, 'cwd');
  return cwd;
}

function shellName(): string {
  return process.platform === 'win32' ? (process.env.ComSpec ?? 'cmd.exe') : '/bin/sh';
}
