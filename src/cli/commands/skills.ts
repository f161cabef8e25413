import { resolve } from 'node:path';
import type { Command } from 'commander';
import { isTrustLevel, type TrustLevel } from '../../core/decisions/trust';
import { SkillInputError } from '../../core/skills/skillTypes';
import type { CliContext } from '../cliContext';
import { reportOutcome } from './approvals';
import { parseArgsOption, requireKnownSkill, withDecisions } from './withDecisions';

export function registerSkillsCommand(program: Command, ctx: CliContext, cwd: string): void {
  const skills = program.command('skills').description('what the twin can do, how far it is trusted, and running a skill yourself');

  skills
    .command('list')
    .description('each skill with its risk, trust level and whether it is enabled')
    .option('--json', 'print JSON lines')
    .action(async (opts: { json?: boolean }) => {
      const state = await withDecisions(ctx, (engine) => engine.state());
      if (state.policyError) ctx.err(`policy.json cannot be used, everything asks: ${state.policyError}`);
      for (const { manifest, trust } of state.skills) {
        if (opts.json) {
          ctx.out(JSON.stringify({ id: manifest.id, title: manifest.title, risk: manifest.risk, ...trust }));
          continue;
        }
        const level = trust.level === 'adaptive' ? `adaptive (now ${trust.current ?? 'supervised'}, ceiling ${trust.ceiling ?? 'bounded'})` : trust.level;
        ctx.out(`${manifest.id.padEnd(15)} ${manifest.risk.padEnd(15)} ${(trust.enabled ? 'enabled' : 'disabled').padEnd(9)} ${level.padEnd(12)} ${manifest.title}`);
      }
    });

  skills
    .command('run')
    .description('run a skill yourself: schema, path checks and deny rules apply and are audited; no second approval')
    .argument('<skill>')
    .requiredOption('--args <json>', "the skill's arguments, a JSON object")
    .option('--dry-run', 'only show what it would do')
    .option('--workspace <dir>', 'the folder it acts in (default: the current folder)')
    .option('--reason <text>', 'a note kept with the run')
    .action(async (skill: string, opts: { args: string; dryRun?: boolean; workspace?: string; reason?: string }) => {
      if (skill === 'run-task') throw new Error('run-task runs a VS Code task and is not available in mh; run it from VS Code (Terminal: Run Task).');
      requireKnownSkill(skill);
      const args = parseArgsOption(opts.args) ?? {};
      const workspace = resolve(cwd, opts.workspace ?? '.');
      const run = { dryRun: opts.dryRun === true, workspace, ...(opts.reason ? { reason: opts.reason } : {}) };
      const state = await withDecisions(ctx, (engine) => engine.runAsPerson(skill, args, run), { withSearch: skill === 'search-memory' }).catch((error: unknown) => {
        // The arguments did not fit the skill's schema (nothing ran; the refusal is audited): say which skill.
        throw error instanceof SkillInputError ? new Error(`${skill}: ${error.message}`, { cause: error }) : error;
      });
      reportOutcome(ctx, state);
    });

  for (const [name, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    skills
      .command(name)
      .description(enabled ? 'let the twin propose this skill again' : 'the twin may not use this skill at all')
      .argument('<id>')
      .action(async (id: string) => {
        const { trust } = await withDecisions(ctx, (engine) => engine.setTrust(id, { enabled }));
        ctx.out(`${id}: ${trust.enabled ? 'enabled' : 'disabled'}`);
      });
  }

  skills
    .command('trust')
    .description('set how far the twin may act with a skill: observe, suggest, supervised, bounded, adaptive')
    .argument('<id>')
    .argument('<level>')
    .option('--ceiling <level>', 'for adaptive: the highest level it may rise to (at most bounded)')
    .action(async (id: string, level: string, opts: { ceiling?: string }) => {
      const change = { level: trustLevel(level, 'level'), ...(opts.ceiling ? { ceiling: trustLevel(opts.ceiling, '--ceiling') } : {}) };
      const { trust } = await withDecisions(ctx, (engine) => engine.setTrust(id, change));
      ctx.out(`${id}: ${trust.level}${trust.level === 'adaptive' ? ` (now ${trust.current ?? 'supervised'}, ceiling ${trust.ceiling ?? 'bounded'})` : ''}`);
    });
}

function trustLevel(value: string, what: string): TrustLevel {
  if (!isTrustLevel(value)) throw new Error(`${what} must be one of observe, suggest, supervised, bounded, adaptive; not '${value}'.`);
  return value;
}
