import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { ProposalState } from '../../core/decisions/decisionTypes';
import type { CliContext } from '../cliContext';
import { CliFailure } from '../cliFailure';
import { waitForDecision } from './waitForDecision';
import { parseArgsOption, proposalDetails, proposalLine, requireKnownSkill, withDecisions } from './withDecisions';

interface ProposeOptions {
  args: string;
  reason: string;
  workspace?: string;
  dryRun?: boolean;
  wait?: boolean;
  json?: boolean;
}

export function registerApprovalsCommand(program: Command, ctx: CliContext, cwd: string): void {
  const approvals = program.command('approvals').description('the approval queue: what the twin proposed, approve, reject, accept or dismiss suggestions, undo');

  approvals
    .command('propose')
    .description('propose an action from a script (source cli): decided by the policy like any proposal; one that asks waits in the queue for the person')
    .argument('<skill>')
    .requiredOption('--args <json>', "the skill's arguments, a JSON object")
    .requiredOption('--reason <text>', 'why, shown to the person who approves it')
    .option('--workspace <dir>', 'the folder it acts in (default: the current folder)')
    .option('--dry-run', 'only preview what it would do (the diff, the command…); nothing runs and nothing waits')
    .option('--wait', 'stay until the person decides, then report the outcome (exits non-zero unless it ran)')
    .option('--json', 'print the proposal as JSON')
    .action(async (skill: string, opts: ProposeOptions) => {
      requireKnownSkill(skill);
      const args = parseArgsOption(opts.args) ?? {};
      const workspace = resolve(cwd, opts.workspace ?? '.');
      let state = await withDecisions(ctx, (engine) => engine.propose({ skill, args, source: 'cli', reason: opts.reason, workspace, dryRun: opts.dryRun === true }));
      if ((state.status === 'pending' || state.status === 'suggested') && opts.wait) {
        if (state.status === 'pending') ctx.err(`${state.id} waits for approval (in VS Code, or mh approvals approve ${state.id}); Ctrl-C stops waiting and leaves it pending`);
        else ctx.err(`${state.id} is a suggestion, waiting for the person to act on it (in VS Code, or mh approvals accept ${state.id}); Ctrl-C stops waiting and leaves it suggested`);
        state = await waitForDecision(ctx, state.id);
      }
      if (opts.json) ctx.out(JSON.stringify(state));
      if (!opts.json || (state.status !== 'pending' && state.status !== 'suggested')) reportOutcome(opts.json ? silent(ctx) : ctx, state);
    });

  approvals
    .command('list')
    .description('pending proposals and open suggestions (with --all, recent ones too)')
    .option('-a, --all', 'also list decided, executed, rejected, dismissed and expired proposals')
    .option('--json', 'print JSON lines')
    .action(async (opts: { all?: boolean; json?: boolean }) => {
      const state = await withDecisions(ctx, (engine) => engine.state());
      const suggested = state.recent.filter((p) => p.status === 'suggested');
      const shown = opts.all ? [...state.pending, ...state.recent] : [...state.pending, ...suggested];
      if (state.paused) ctx.err('autonomy is paused: nothing the twin proposes runs until you resume it');
      if (state.policyError) ctx.err(`policy.json cannot be used, everything asks: ${state.policyError}`);
      for (const p of shown) ctx.out(opts.json ? JSON.stringify(p) : proposalLine(p));
      if (!opts.json && shown.length === 0) ctx.out(opts.all ? 'no proposals' : 'no pending proposals or suggestions');
      if (!opts.json) for (const s of state.suggestions) ctx.out(`suggestion: raise ${s.skill} from ${s.from} to ${s.to}: ${s.reason} (mh skills trust ${s.skill} ${s.to})`);
    });

  approvals
    .command('show')
    .description('a proposal with its arguments, decision and preview')
    .argument('<id>')
    .action(async (id: string) => {
      const state = await withDecisions(ctx, (engine) => Promise.resolve(engine.get(id)));
      if (!state) throw new Error(`There is no proposal ${id}.`);
      for (const line of proposalDetails(state)) ctx.out(line);
      if (state.preview) ctx.out(state.preview.details);
      if (state.output) ctx.out(state.output);
    });

  approvals
    .command('approve')
    .description('approve a pending proposal; it is checked again and run')
    .argument('<id>')
    .option('--args <json>', 'run with these arguments instead (edit before approving)')
    .action(async (id: string, opts: { args?: string }) => {
      const edited = parseArgsOption(opts.args);
      const state = await withDecisions(ctx, (engine) => engine.approve(id, edited));
      reportOutcome(ctx, state);
    });

  approvals
    .command('reject')
    .description('reject a pending proposal; a reason teaches the twin')
    .argument('<id>')
    .option('--reason <text>', 'why not')
    .action(async (id: string, opts: { reason?: string }) => {
      const state = await withDecisions(ctx, (engine) => engine.reject(id, opts.reason));
      ctx.out(proposalLine(state));
    });

  approvals
    .command('accept')
    .description("act on a suggestion (trust suggest): it runs as your own request, checked like mh skills run")
    .argument('<id>')
    .option('--args <json>', 'run with these arguments instead')
    .action(async (id: string, opts: { args?: string }) => {
      const edited = parseArgsOption(opts.args);
      const run = await withDecisions(ctx, (engine) => engine.accept(id, edited));
      ctx.out(`accepted ${id}; your run:`);
      reportOutcome(ctx, run);
    });

  approvals
    .command('dismiss')
    .description('turn down a suggestion; a reason teaches the twin')
    .argument('<id>')
    .option('--reason <text>', 'why not')
    .action(async (id: string, opts: { reason?: string }) => {
      const state = await withDecisions(ctx, (engine) => engine.dismiss(id, opts.reason));
      ctx.out(proposalLine(state));
    });

  approvals
    .command('undo')
    .description('put back what an executed proposal changed (files from their backups, the task as it was)')
    .argument('<id>')
    .option('--force', 'overwrite changes made to the files since')
    .action(async (id: string, opts: { force?: boolean }) => {
      const state = await withDecisions(ctx, (engine) => engine.undo(id, { force: opts.force === true }));
      ctx.out(proposalLine(state));
    });

  approvals
    .command('pause')
    .description('pause all autonomy: cancels every pending proposal; nothing the twin proposes runs until resumed')
    .action(async () => {
      const { cancelled } = await withDecisions(ctx, (engine) => engine.pause(true));
      ctx.out(`autonomy paused; ${cancelled} pending proposal(s) cancelled`);
    });

  approvals
    .command('resume')
    .description('resume autonomy within the trust settings')
    .action(async () => {
      await withDecisions(ctx, (engine) => engine.pause(false));
      ctx.out('autonomy resumed');
    });
}

/** Prints how an approved or run proposal ended; anything but success exits non-zero. */
export function reportOutcome(ctx: CliContext, state: ProposalState): void {
  ctx.out(proposalLine(state));
  if (state.status === 'previewed' && state.preview) {
    ctx.out(`dry run, nothing changed: ${state.preview.summary}`);
    ctx.out(state.preview.details);
    return;
  }
  if (state.output) ctx.out(state.output.replace(/\n$/, ''));
  if (state.status === 'executed') return;
  if (state.status === 'pending') {
    ctx.out(`waiting for approval: mh approvals approve ${state.id}`);
    return;
  }
  if (state.status === 'suggested') {
    ctx.out(`suggested (trust suggest: it proposes, you act): mh approvals accept ${state.id} to run it, or mh approvals dismiss ${state.id}`);
    return;
  }
  const why = state.status === 'rejected' || state.status === 'dismissed' ? (state.rejectReason ?? 'no reason given') : (state.error ?? state.decision.reason);
  throw new CliFailure(`${state.skill} ${state.status}: ${why}`);
}

/** The same context with nothing printed to stdout (with --json, stdout is the JSON alone). */
function silent(ctx: CliContext): CliContext {
  return { ...ctx, out: () => undefined };
}
