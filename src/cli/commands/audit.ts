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
    .description("print one day's entries (UTC, default today)")
    .argument('[day]', 'YYYY-MM-DD')
    .action(async (day: string | undefined) => {
      const entries = await withStore(ctx, (store) => store.audit.entries(day ?? new Date().toISOString().slice(0, 10)));
      for (const entry of entries) {
        const { seq, ts, actor, type, prev: _prev, hash: _hash, ...rest } = entry;
        ctx.out(`${String(seq).padStart(5)} ${ts} ${actor.name}(${actor.pid}) ${type} ${JSON.stringify(rest)}`);
      }
    });
}
