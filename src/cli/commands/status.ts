import type { Command } from 'commander';
import { readEngineStatus } from '../../core/engine/engineStatus';
import { readProfileSummary } from '../../core/profile/profileSummary';
import { readProfileSettings } from '../../core/settings/profileSettings';
import type { CliContext } from '../cliContext';

export function registerStatusCommand(program: Command, ctx: CliContext): void {
  program
    .command('status')
    .description('show the engine version, the profile folder in use, and what it holds')
    .option('--json', 'print as JSON')
    .action(async (opts: { json?: boolean }) => {
      const status = readEngineStatus(ctx.profileDir());
      // Read-only and lock-free: safe while other windows write, and it creates nothing.
      const summary = status.profileExists ? await readProfileSummary(status.profilePath) : undefined;
      if (opts.json) return ctx.out(JSON.stringify(summary ? { ...status, profile: summary } : status, null, 2));
      ctx.out(`MetaHuman ${status.version} (${status.runtime})`);
      ctx.out(`profile: ${status.profilePath}${status.profileExists ? '' : ' (not created yet)'}`);
      if (!summary) return;
      const counts = Object.entries(summary.records).sort(([a], [b]) => a.localeCompare(b));
      ctx.out(`records: ${counts.length ? counts.map(([kind, n]) => `${kind} ${n}`).join(', ') : 'none'}`);
      ctx.out(`open tasks: ${summary.openTasks}`);
      if (summary.personaRevision) ctx.out(`persona: revision ${summary.personaRevision}`);
      ctx.out(`audit: ${summary.auditDays} day file(s)`);
      if (summary.leader) ctx.out(`leader: ${summary.leader.name} (pid ${summary.leader.pid} on ${summary.leader.hostname})${summary.leader.gone ? ', stopped; the next window or `mh agents serve` takes over' : ''}`);
      if (summary.problems) ctx.out(`damaged lines: ${summary.problems} (quarantined at the next write)`);
      const settings = readProfileSettings(status.profilePath);
      ctx.out(`settings: ${settings.from ? `as ${settings.from.writtenBy} saved them ${settings.from.at}` : settings.problem ? settings.problem : 'the defaults (VS Code saves its MetaHuman settings here when it opens this profile)'}`);
    });
}
