/**
 * How one policy rule meets one proposal. A rule's scope (`skills`, `risks`, `sources`,
 * `quietHours`) says which proposals it speaks about; its conditions (`pathsInsideWorkspace`,
 * `commands`, `rate`) read in the direction of its effect:
 * - a deny or ask rule fires on a violation: a path outside the workspace, a listed command
 *   anywhere in the line (or a line that cannot be read), the rate already reached; a deny or ask
 *   rule without conditions fires on its scope alone;
 * - an allow rule holds only when every condition is met: all paths inside, every command of the
 *   line allowed, the rate not reached. An allow rule with `commands` covers only proposals that
 *   carry a command line (the `shell` skill).
 */
import { isAbsolute, resolve } from 'node:path';
import type { SkillRisk } from '../skills/skillTypes';
import type { DecisionInput, PolicyRule, ProposalSource, RecentRun } from './decisionTypes';
import { withinWindows } from './quietHours';
import { matchCommandRules, matchingEntry, parseShellCommand, restrictingEntry, type ParsedShell } from './shellCommand';
import { isInside } from './workspacePaths';

/** Arguments read as paths (a string, or a list of strings), judged against the workspace. */
export const PATH_ARGUMENTS = ['path', 'paths', 'file', 'files', 'cwd', 'dir', 'directory', 'folder', 'target', 'destination'] as const;

/** Skills whose `command` argument is a shell command line. */
export const COMMAND_SKILLS = ['shell'] as const;

export interface RuleContext {
  skill: string;
  risk: SkillRisk;
  source: ProposalSource;
  /** Now within the persona's quiet hours. */
  quiet: boolean;
  /** Path arguments that land outside the workspace (all of them when there is no workspace). */
  outside: string[];
  hasWorkspace: boolean;
  /** The parsed command line, for skills that run one. */
  command?: ParsedShell;
  now: number;
  recent: readonly RecentRun[];
}

export function ruleContext(input: DecisionInput): RuleContext {
  const { proposal } = input;
  const isCommandSkill = (COMMAND_SKILLS as readonly string[]).includes(proposal.skill);
  const line = proposal.args.command;
  return {
    skill: proposal.skill,
    risk: input.manifest.risk,
    source: proposal.source,
    quiet: withinWindows(input.now, input.quietHours, input.timezone),
    outside: pathsOutside(proposal.args, proposal.workspace),
    hasWorkspace: Boolean(proposal.workspace),
    ...(isCommandSkill ? { command: parseShellCommand(typeof line === 'string' ? line : '') } : {}),
    now: input.now.getTime(),
    recent: input.recent,
  };
}

/** Whether the rule speaks about this proposal at all. */
export function inScope(rule: PolicyRule, ctx: RuleContext): boolean {
  if (rule.skills && !rule.skills.includes(ctx.skill)) return false;
  if (rule.risks && !rule.risks.includes(ctx.risk)) return false;
  if (rule.sources && !rule.sources.some((s) => sourceMatches(s, ctx.source))) return false;
  if (rule.quietHours !== undefined && rule.quietHours !== ctx.quiet) return false;
  return true;
}

/** For deny and ask rules: why it fires here, or undefined when it does not. */
export function restrictionFires(rule: PolicyRule, ctx: RuleContext): string | undefined {
  if (!inScope(rule, ctx)) return undefined;
  const conditions = rule.pathsInsideWorkspace || rule.commands || rule.rate;
  if (!conditions) return rule.description ?? scopeText(rule);
  if (rule.pathsInsideWorkspace && ctx.outside.length) return outsideText(ctx);
  if (rule.commands && ctx.command) {
    if (!ctx.command.ok) return `the command line cannot be read safely (${ctx.command.error ?? 'syntax error'})`;
    for (const command of ctx.command.commands) {
      const entry = restrictingEntry(command, [rule.commands]);
      if (entry) return `\`${command.raw}\` matches ${entry}`;
    }
  }
  if (rule.rate) {
    const count = recentCount(rule, ctx);
    if (count >= rule.rate.max) return rateText(rule, count);
  }
  return undefined;
}

/** For allow rules: whether it takes in this proposal with every condition met. Command lines are judged by `commandAllowance`. */
export function allowanceHolds(rule: PolicyRule, ctx: RuleContext, ignoreCommands = false): boolean {
  if (!inScope(rule, ctx)) return false;
  if (rule.pathsInsideWorkspace && ctx.outside.length) return false;
  if (rule.rate && recentCount(rule, ctx) >= rule.rate.max) return false;
  if (rule.commands && !ignoreCommands) return ctx.command !== undefined && matchCommandRules(ctx.command, [rule.commands]).allowed;
  if (ctx.command && !ignoreCommands) return false; // a command line needs a rule that lists it
  return true;
}

/**
 * A command line against every allow rule that covers it: allowed when each of its commands is
 * listed by one of them. Names the rules that listed them.
 */
export function commandAllowance(rules: readonly PolicyRule[], ctx: RuleContext & { command: ParsedShell }): { allowed: boolean; reason: string; ruleIds: string[] } {
  const candidates = rules.filter((r) => r.effect === 'allow' && r.commands && allowanceHolds(r, ctx, true));
  const match = matchCommandRules(ctx.command, candidates.map((r) => r.commands!));
  if (!match.allowed) return { ...match, ruleIds: [] };
  const ids = ctx.command.commands
    .filter((c) => !c.nested)
    .map((c) => candidates.find((r) => matchingEntry(c, [r.commands!]))?.id)
    .filter((id): id is string => id !== undefined);
  return { ...match, ruleIds: [...new Set(ids)] };
}

export function outsideText(ctx: RuleContext): string {
  const list = ctx.outside.map((p) => `"${p}"`).join(', ');
  return ctx.hasWorkspace ? `${list} ${ctx.outside.length === 1 ? 'is' : 'are'} outside the workspace` : `${list} given without a workspace to hold ${ctx.outside.length === 1 ? 'it' : 'them'}`;
}

function pathsOutside(args: Record<string, unknown>, workspace: string | undefined): string[] {
  const paths = PATH_ARGUMENTS.flatMap((name) => {
    const value = args[name];
    if (typeof value === 'string') return [value];
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  });
  if (!workspace) return paths;
  // Read lexically here (decide is pure); the skill resolves symlinks with resolveInsideWorkspace before it writes.
  const root = resolve(workspace);
  return paths.filter((p) => p.includes('\0') || !isInside(root, isAbsolute(p) ? resolve(p) : resolve(root, p)));
}

function sourceMatches(pattern: string, source: ProposalSource): boolean {
  if (pattern === '*' || pattern === source) return true;
  return pattern === 'agent:*' && source.startsWith('agent:');
}

function recentCount(rule: PolicyRule, ctx: RuleContext): number {
  const since = ctx.now - rule.rate!.perMinutes * 60_000;
  return ctx.recent.filter((r) => {
    const ts = Date.parse(r.ts);
    const bySource = !rule.sources || r.source === undefined || rule.sources.some((s) => sourceMatches(s, r.source!));
    return ts > since && ts <= ctx.now && (!rule.skills || rule.skills.includes(r.skill)) && bySource;
  }).length;
}

function rateText(rule: PolicyRule, count: number): string {
  const what = rule.skills ? rule.skills.join(', ') : 'any skill';
  return `${count} runs of ${what} in the last ${rule.rate!.perMinutes} minutes reach its limit of ${rule.rate!.max}`;
}

function scopeText(rule: PolicyRule): string {
  const parts = [
    rule.skills ? `skills ${rule.skills.join(', ')}` : undefined,
    rule.risks ? `risks ${rule.risks.join(', ')}` : undefined,
    rule.sources ? `sources ${rule.sources.join(', ')}` : undefined,
    rule.quietHours === undefined ? undefined : rule.quietHours ? 'during quiet hours' : 'outside quiet hours',
  ].filter(Boolean);
  return parts.length ? `it covers ${parts.join(', ')}` : 'it covers every proposal';
}
