import type { Command } from 'commander';
import { readEngineStatus } from '../../core/engine/engineStatus';
import type { CliContext } from '../cliContext';

export function registerStatusCommand(program: Command, ctx: CliContext): void {
  program
    .command('status')
    .description('show the engine version and the profile folder in use')
    .option('--json', 'print as JSON')
    .action((opts: { json?: boolean }) => {
      const status = readEngineStatus(ctx.profileDir());
      if (opts.json) return ctx.out(JSON.stringify(status, null, 2));
      ctx.out(`MetaHuman ${status.version} (${status.runtime})`);
      ctx.out(`profile: ${status.profilePath}${status.profileExists ? '' : ' (not created yet)'}`);
    });
}
