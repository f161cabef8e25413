import type { SkillExecutor } from '../skillTypes';

export type NotifyArgs = {
  message: string;
  severity?: 'info' | 'warning' | 'error';
};

/**
 * `notify`: shows the person a notification through the host's port (the CLI lends one that
 * prints). Without a port it previews, and fails only when run, naming the missing editor.
 */
export const notifyExecutor: SkillExecutor<NotifyArgs> = {
  preview(args, ctx) {
    const severity = args.severity ?? 'info';
    const editor = ctx.ports.notify ? '' : ' (needs the editor)';
    return Promise.resolve({ summary: `Show ${severity === 'info' ? 'an' : 'a'} ${severity} notification${editor}: ${firstLine(args.message)}`, details: `${severity}: ${args.message}`, kind: 'notification' });
  },

  async execute(args, ctx) {
    if (!ctx.ports.notify) throw new Error('notify needs the editor (VS Code) to show a notification; none is available here.');
    const severity = args.severity ?? 'info';
    await ctx.ports.notify(args.message, severity);
    return { ok: true, output: `Showed a ${severity} notification: ${args.message}` };
  },
};

function firstLine(text: string): string {
  const line = text.split('\n')[0];
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}
