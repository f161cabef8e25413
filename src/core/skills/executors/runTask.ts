import { describeTimeout, requireWorkspace, TIMEOUT_SETTING } from '../skillWorkspace';
import { SkillInputError, type SkillExecutor } from '../skillTypes';

export type RunTaskArgs = {
  name: string;
};

/**
 * `run-task`: runs a VS Code task through the host's port. Without the editor (the CLI) it can be
 * previewed and queued, and fails only when run, naming the missing editor: a proposal made from the
 * CLI may still be approved later in VS Code.
 */
export const runTaskExecutor: SkillExecutor<RunTaskArgs> = {
  async check(args, ctx) {
    requireWorkspace(ctx, 'run-task');
    const tasks = await ctx.ports.listVsCodeTasks?.();
    if (tasks && !tasks.includes(args.name)) {
      const known = tasks.length ? `; the workspace has: ${tasks.slice(0, 20).join(', ')}` : '; the workspace defines no tasks';
      throw new SkillInputError(`name "${args.name}" is not a task of this workspace${known}.`, 'name');
    }
  },

  preview(args, ctx) {
    const workspace = requireWorkspace(ctx, 'run-task');
    const editor = ctx.ports.runVsCodeTask ? '' : ' (needs VS Code: it runs when approved in the editor)';
    return Promise.resolve({
      summary: `Run the VS Code task "${args.name}"${editor}`,
      details: `task: ${args.name}\nworkspace: ${workspace}\ntimeout: ${describeTimeout(ctx.timeoutMs)}`,
      kind: 'command',
    });
  },

  async execute(args, ctx) {
    requireWorkspace(ctx, 'run-task');
    const ports = ctx.ports;
    if (!ports.runVsCodeTask) throw new Error(`run-task needs the VS Code editor to run the task "${args.name}"; approve it from the approvals view in VS Code.`);
    const stop = new AbortController();
    const onAbort = () => stop.abort(ctx.signal.reason);
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    let timer: NodeJS.Timeout | undefined;
    // The port is asked to stop; the race makes sure the skill ends on time even if it does not.
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => {
        stop.abort(new Error('timeout'));
        resolve('timeout');
      }, ctx.timeoutMs);
    });
    try {
      const result = await Promise.race([ports.runVsCodeTask(args.name, stop.signal), timedOut]);
      if (result === 'timeout') return { ok: false, output: `Timed out: the task "${args.name}" was still running after ${describeTimeout(ctx.timeoutMs)} and was stopped (setting ${TIMEOUT_SETTING}).` };
      if (ctx.signal.aborted) return { ok: false, output: `Cancelled: the task "${args.name}" was stopped before it finished.\n${result.output}` };
      return { ok: result.exitCode === undefined || result.exitCode === 0, output: result.output, ...(result.exitCode !== undefined ? { exitCode: result.exitCode } : {}) };
    } finally {
      clearTimeout(timer);
      ctx.signal.removeEventListener('abort', onAbort);
    }
  },
};
