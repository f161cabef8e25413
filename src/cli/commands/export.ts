import type { Command } from 'commander';
import { exportProfile } from '../../core/profile/profileArchive';
import type { CliContext } from '../cliContext';
import { withStore } from './withStore';

export function registerExportCommand(program: Command, ctx: CliContext): void {
  program
    .command('export')
    .description('write the whole profile to one portable bundle (JSONL)')
    .argument('<file>', 'bundle to write')
    .action(async (file: string) => {
      const report = await withStore(ctx, (store) => exportProfile(store, file));
      ctx.out(`exported ${report.files} files (${report.bytes} bytes) to ${report.bundle}`);
    });
}
