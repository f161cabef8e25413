import type { SkillContext, SkillExecutor, SkillResult } from '../skills/skillTypes';

export interface SkillRunOutcome extends SkillResult {
  /** Why it failed: the executor's error, or the timeout. */
  error?: string;
  durationMs: number;
}

/**
 * Runs an executor with the execution timeout: at the deadline the signal aborts and the run is
 * recorded as failed, even if the executor ignores the signal (its late result is dropped). `stop`
 * ends it the same way before the deadline (autonomy paused while the twin's run was going); its
 * reason is the error recorded.
 */
export async function runSkill(executor: SkillExecutor, args: Record<string, unknown>, ctx: Omit<SkillContext, 'signal'>, stop?: AbortSignal): Promise<SkillRunOutcome> {
  const controller = new AbortController();
  const started = Date.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onStop: (() => void) | undefined;
  const stopped = new Promise<never>((_, reject) => {
    if (!stop) return;
    onStop = () => {
      const error = stop.reason instanceof Error ? stop.reason : new Error(String(stop.reason));
      controller.abort(error);
      reject(error);
    };
    if (stop.aborted) onStop();
    else stop.addEventListener('abort', onStop, { once: true });
  });
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const seconds = Math.round(ctx.timeoutMs / 1000);
      const error = new Error(`Stopped after ${seconds} s (setting metahuman.decisions.executionTimeoutSeconds).`);
      controller.abort(error);
      reject(error);
    }, ctx.timeoutMs);
  });
  try {
    const result = await Promise.race([executor.execute(args, { ...ctx, signal: controller.signal }), deadline, stopped]);
    return { ...result, ...(result.ok ? {} : { error: failureOf(result) }), durationMs: Date.now() - started };
  } catch (error) {
    return { ok: false, output: '', error: error instanceof Error ? error.message : String(error), durationMs: Date.now() - started };
  } finally {
    clearTimeout(timer);
    if (onStop) stop?.removeEventListener('abort', onStop);
  }
}

function failureOf(result: SkillResult): string {
  if (result.exitCode !== undefined) return `Exited with code ${result.exitCode}.`;
  return result.output.trim().split('\n').at(-1)?.slice(0, 300) || 'The skill reported a failure.';
}
