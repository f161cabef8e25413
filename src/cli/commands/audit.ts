import type { Command } from 'commander';
import type { CliContext } from '../cliContext';
import { withStore } from './withStore';

export function registerAuditCommand(program: Command, ctx: CliContext): void {
  const audit = program.command('audit').description('check and read the audit log');

  audit
    .command('verify')
    .description('check the hash chain; reports the first broken link with its file and line')
    .option('--json', 'print the report as JSON')
    .action(async (opts: { json?: boolean }, command: Command) => {
      const report = await withStore(ctx, (store) => store.audit.verify());
      if (opts.json) ctx.out(JSON.stringify(report, null, 2));
      else {
        for (const warning of report.warnings) ctx.err(`warning: ${warning}`);
        if (report.ok) ctx.out(`audit intact: ${report.entries} entries in ${report.files} day file(s); head ${report.head}`);
      }
      if (!report.ok && report.firstBreak) {
        const { file, line, reason } = report.firstBreak;
        command.error(`audit broken at ${file}:${line}: ${reason}`, { exitCode: 1, code: 'mh.audit.broken' });
      }
    });

  audit
    .command('show')
    .description("list entries: one day's (UTC, default today), or everything since a time, filtered by skill and type")
    .argument('[day]', 'YYYY-MM-DD')
    .option('--skill <id>', 'only entries about this skill (decisions, approvals, executions, trust)')
    .option('--since <time>', 'only entries since then: an ISO date or time, or a span back from now (30m, 1h, 2d, 1w)')
    .option('--type <type>', `only this type: ${AUDIT_TYPES.join(', ')}`)
    .option('--json', 'print JSON lines')
    .action(async (day: string | undefined, opts: { skill?: string; since?: string; type?: string; json?: boolean }) => {
      const now = new Date();
      const since = opts.since !== undefined ? parseSince(opts.since, now) : undefined;
      if (opts.type !== undefined && !(AUDIT_TYPES as readonly string[]).includes(opts.type)) throw new Error(`--type must be one of ${AUDIT_TYPES.join(', ')}; not '${opts.type}'.`);
      if (day !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`The day must be YYYY-MM-DD, not '${day}'.`);
      const entries = await withStore(ctx, (store) => {
        const days = day ? [day] : since ? store.audit.days().flatMap((rel) => DAY_OF_FILE.exec(rel)?.[1] ?? []).filter((d) => d >= since.toISOString().slice(0, 10)).sort() : [now.toISOString().slice(0, 10)];
        return days.flatMap((d) => store.audit.entries(d));
      });
      const matching = entries.filter(
        (e) => (!since || Date.parse(e.ts) >= since.getTime()) && (!opts.type || e.type === opts.type) && (!opts.skill || ('skill' in e && e.skill === opts.skill)),
      );
      for (const entry of matching) {
        if (opts.json) {
          ctx.out(JSON.stringify(entry));
          continue;
        }
        const { seq, ts, actor, type, prev: _prev, hash: _hash, ...rest } = entry;
        ctx.out(`${String(seq).padStart(5)} ${ts} ${actor.name}(${actor.pid}) ${type} ${JSON.stringify(rest)}`);
      }
      if (!opts.json && matching.length === 0 && (opts.skill || opts.since || opts.type)) ctx.out('no matching entries');
    });
}

const AUDIT_TYPES = ['write', 'forget', 'model_call', 'agent_run', 'skill_execution', 'decision', 'approval', 'trust', 'export'] as const;

const DAY_OF_FILE = /(\d{4}-\d{2}-\d{2})\.jsonl$/;

const SPAN_UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `--since`: an ISO date or time, or a span back from now (`30m`, `1h`, `2d`, `1w`). */
export function parseSince(value: string, now: Date): Date {
  const span = /^(\d+(?:\.\d+)?)\s*([mhdw])$/.exec(value.trim());
  if (span) return new Date(now.getTime() - Number(span[1]) * SPAN_UNITS[span[2]]);
  const at = /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(at)) throw new Error(`--since must be an ISO date or time (2026-03-01, 2026-03-01T09:00) or a span like 30m, 1h, 2d, 1w; not '${value}'.`);
  return new Date(at);
}
