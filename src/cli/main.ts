import { Command, CommanderError } from 'commander';
import { ENGINE_VERSION } from '../core/engine/version';
import { createCliContext, type CliIo } from './cliContext';
import { CliFailure } from './cliFailure';
import { registerAgentsCommand } from './commands/agents';
import { registerApprovalsCommand } from './commands/approvals';
import { registerAuditCommand } from './commands/audit';
import { registerCaptureCommand } from './commands/capture';
import { registerChatCommand } from './commands/chat';
import { registerExportCommand } from './commands/export';
import { registerImportCommand } from './commands/import';
import { registerIngestCommand } from './commands/ingest';
import { registerMemoryCommand } from './commands/memory';
import { registerPersonaCommand } from './commands/persona';
import { registerPolicyCommand } from './commands/policy';
import { registerSearchCommand } from './commands/search';
import { registerSkillsCommand } from './commands/skills';
import { registerStatusCommand } from './commands/status';
import { registerTaskCommand } from './commands/task';

/** Builds the `mh` program. Each subcommand lives in `commands/` and registers itself here. */
export function buildProgram(io: CliIo): Command {
  const program = new Command('mh');
  const ctx = createCliContext(io, () => program.opts<{ profile?: string }>().profile);
  program
    .description('MetaHuman: your digital twin, headless. Same engine and profile folder as the VS Code extension.')
    .version(ENGINE_VERSION, '-v, --version')
    .option('-p, --profile <dir>', 'profile folder (default: $MH_PROFILE or ~/.metahuman)')
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .exitOverride()
    .showHelpAfterError('(run mh --help for usage)');
  registerStatusCommand(program, ctx);
  registerPersonaCommand(program, ctx);
  registerMemoryCommand(program, ctx);
  registerTaskCommand(program, ctx);
  registerAuditCommand(program, ctx);
  registerExportCommand(program, ctx);
  registerImportCommand(program, ctx);
  registerSearchCommand(program, ctx);
  registerIngestCommand(program, ctx);
  registerCaptureCommand(program, ctx);
  registerChatCommand(program, ctx, io.stdout, io.cwd);
  registerAgentsCommand(program, ctx, io.stdout);
  registerApprovalsCommand(program, ctx, io.cwd);
  registerSkillsCommand(program, ctx, io.cwd);
  registerPolicyCommand(program, ctx);
  return program;
}

/** Runs `mh` with argv (without node and script) and resolves to the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    io.stderr.write(`mh: ${error instanceof Error ? error.message : String(error)}\n`);
    return error instanceof CliFailure ? error.exitCode : 1;
  }
}
