import { agentSearchOver } from '../../core/agents/agentSearch';
import { DecisionEngine } from '../../core/decisions/decisionEngine';
import type { ProposalState } from '../../core/decisions/decisionTypes';
import { SkillRegistry } from '../../core/skills/skillRegistry';
import type { SkillPorts } from '../../core/skills/skillTypes';
import type { CliContext } from '../cliContext';
import { openIndexSession, type IndexSession } from './searchIndexSession';
import { withStore } from './withStore';

/**
 * The decision engine on a command's open profile and index. The CLI lends skills only what a
 * terminal has: `notify` prints to stdout; there is no VS Code to run tasks in.
 */
export function decisionEngineOn(ctx: CliContext, session: IndexSession, onPending?: (proposal: ProposalState) => void): DecisionEngine {
  return new DecisionEngine({
    store: session.store,
    settings: ctx.settings(),
    actor: 'cli',
    ports: { skills: terminalSkills(ctx), search: agentSearchOver(() => Promise.resolve(session.index)), ...(onPending ? { onPending } : {}) },
  });
}

/** Opens the decision engine on the profile for one command; `withSearch` opens the memory index too (for `search-memory`). */
export async function withDecisions<T>(ctx: CliContext, work: (engine: DecisionEngine) => Promise<T>, options: { withSearch?: boolean } = {}): Promise<T> {
  if (options.withSearch) {
    const session = await openIndexSession(ctx);
    try {
      return await work(decisionEngineOn(ctx, session));
    } finally {
      await session.close();
    }
  }
  return withStore(ctx, (store) => work(new DecisionEngine({ store, settings: ctx.settings(), actor: 'cli', ports: { skills: terminalSkills(ctx) } })));
}

function terminalSkills(ctx: CliContext): SkillPorts {
  return {
    notify: (message, severity) => {
      ctx.out(`${severity === 'info' ? 'notice' : severity}: ${message}`);
      return Promise.resolve();
    },
  };
}

/** One proposal per line: id, status, skill, who proposed, and what it would do. */
export function proposalLine(p: ProposalState): string {
  const when = p.createdAt.slice(0, 16).replace('T', ' ');
  const what = p.preview?.summary ?? JSON.stringify(p.args);
  const rejected = p.rejectReason ? `  ${p.status === 'dismissed' ? 'dismissed' : 'rejected'}: ${oneLine(p.rejectReason)}` : '';
  const accepted = p.acceptedAs ? `  ran as ${p.acceptedAs}` : '';
  return `${p.id}  ${p.status.padEnd(9)} ${p.skill.padEnd(14)} ${when}  ${p.source}: ${oneLine(what)}${p.reason ? `  (${oneLine(p.reason)})` : ''}${rejected}${accepted}`;
}

/** The details of a proposal the person needs to judge it or to see what happened. */
export function proposalDetails(p: ProposalState): string[] {
  const lines = [proposalLine(p), `  decision: ${p.decision.decision} by ${p.decision.rule} at trust ${p.decision.trust}: ${p.decision.reason}`];
  if (p.originalArgs) lines.push(`  edited from: ${JSON.stringify(p.originalArgs)}`);
  lines.push(`  args: ${JSON.stringify(p.args)}`);
  if (p.workspace) lines.push(`  workspace: ${p.workspace}`);
  if (p.rejectReason) lines.push(`  ${p.status === 'dismissed' ? 'dismissed' : 'rejected'}: ${p.rejectReason}`);
  if (p.acceptedAs) lines.push(`  accepted: ran as the person's own run ${p.acceptedAs}`);
  if (p.error) lines.push(`  error: ${p.error}`);
  if (p.exitCode !== undefined) lines.push(`  exit code: ${p.exitCode}`);
  return lines;
}

/** Refuses a skill id that is not one of the skills before anything is proposed, listing those there are. */
export function requireKnownSkill(skill: string): void {
  const ids = SkillRegistry.load()
    .list()
    .map((s) => s.manifest.id);
  if (!ids.includes(skill)) throw new Error(`There is no skill '${skill}'; the skills are ${ids.join(', ')}.`);
}

/** JSON arguments from `--args`, naming the option when they are not an object. */
export function parseArgsOption(raw: string | undefined, option = '--args'): Record<string, unknown> | undefined {
  if (raw === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw new Error(`${option} is not JSON: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`${option} must be a JSON object, like '{"path":"notes.md","content":"…"}'.`);
  return parsed as Record<string, unknown>;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 100 ? `${flat.slice(0, 97)}...` : flat;
}
