import type { Command } from 'commander';
import { importProfile } from '../../core/profile/profileArchive';
import type { CliContext } from '../cliContext';

export function registerImportCommand(program: Command, ctx: CliContext): void {
  program
    .command('import')
    .description('restore a bundle into an empty profile folder (see --profile)')
    .argument('<file>', 'bundle written by mh export')
    .action(async (file: string) => {
      const report = await importProfile(file, ctx.profileDir(), { actor: 'cli', logger: { warn: (m) => ctx.err(`warning: ${m}`) } });
      ctx.out(`imported ${report.files} files (${report.bytes} bytes) into ${ctx.profileDir()}`);
    });
}
