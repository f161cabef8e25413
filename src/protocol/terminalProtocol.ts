import * as v from 'valibot';
import { defineNotification, type ParamsOf } from './messageTypes';

/**
 * Engine → host: a `shell` skill's run, shown live in the editor's "MetaHuman: shell" terminal so the
 * person sees what the twin runs as it runs. `run` is the proposal id; frames arrive start, data…, end.
 */
export const HostTerminalNotification = defineNotification(
  'host/terminal',
  v.variant('kind', [
    v.object({
      kind: v.literal('start'),
      /** The proposal whose command runs. */
      run: v.string(),
      /** The command line exactly as it runs. */
      line: v.string(),
      /** The folder it runs in. */
      cwd: v.string(),
    }),
    v.object({
      kind: v.literal('data'),
      run: v.string(),
      /** Output as it arrived (stdout and stderr interleaved). */
      text: v.string(),
    }),
    v.object({
      kind: v.literal('end'),
      run: v.string(),
      /** Absent when the process was killed. */
      exitCode: v.optional(v.number()),
      /** Why it ended early: timed out, cancelled. */
      note: v.optional(v.string()),
    }),
  ]),
);

/** One frame of a run shown in the terminal. */
export type TerminalFrame = ParamsOf<typeof HostTerminalNotification>;
