import type { TimeWindow } from '../persona/persona';
import type { SkillRegistry } from '../skills/skillRegistry';
import { SkillInputError, type Skill, type SkillContext, type SkillPreview } from '../skills/skillTypes';
import { decide } from './decide';
import type { DecisionResult, Policy, ProposalSource, RecentRun, SkillTrust } from './decisionTypes';
import { effectiveTrust } from './effectiveTrust';
import { defaultPolicy } from './policy';

export const AUTONOMY_PAUSED = 'All autonomy is paused; nothing the twin proposes runs until you resume it.';

/** The skills the engine may run (the built-in registry, or a test's own). */
export type SkillCatalog = Pick<SkillRegistry, 'list' | 'get' | 'validateArgs'>;

export interface ProposalToCheck {
  id: string;
  skill: string;
  args: Record<string, unknown>;
  source: ProposalSource;
  workspace?: string;
}

/** The world a proposal is checked against, gathered fresh for each check. */
export interface CheckEnvironment {
  skills: SkillCatalog;
  policy: Policy;
  policyError?: string;
  paused: boolean;
  now: Date;
  quietHours: TimeWindow[];
  timezone?: string;
  recent: RecentRun[];
  context(proposal: ProposalToCheck): SkillContext;
}

export type CheckOutcome =
  | { ok: true; skill: Skill; preview: SkillPreview; decision: DecisionResult }
  /** Refused before the policy had a say, or by it: `decision` is a deny naming why. */
  | { ok: false; skill?: Skill; decision: DecisionResult; error: string; preview?: SkillPreview };

/**
 * Everything that must hold for a proposal to run, in order: the skill exists and is enabled,
 * autonomy is not paused (the person's own runs excepted), the arguments fit the schema, the
 * skill's own checks pass (paths inside the workspace…), its preview can be computed, and the
 * policy does not deny it; a preview flagged sensitive asks even where the policy allows. Run when
 * the proposal is made and again when it is approved.
 */
export async function checkProposal(proposal: ProposalToCheck, env: CheckEnvironment): Promise<CheckOutcome> {
  const skill = env.skills.get(proposal.skill);
  const trust = skillTrust(env.policy, proposal.skill);
  const level = effectiveTrust(trust);
  const refuse = (rule: string, error: string, preview?: SkillPreview): CheckOutcome => ({
    ok: false,
    ...(skill ? { skill } : {}),
    decision: { decision: 'deny', rule, reason: error, trust: level },
    error,
    ...(preview ? { preview } : {}),
  });
  if (!skill) return refuse('skill:unknown', `There is no skill '${proposal.skill}'.`);
  if (!trust.enabled) return refuse('skill:disabled', `The skill '${proposal.skill}' is disabled.`);
  if (env.paused && proposal.source !== 'person') return refuse('autonomy:paused', AUTONOMY_PAUSED);
  const invalid = env.skills.validateArgs(proposal.skill, proposal.args);
  if (invalid) return refuse('schema:invalid', invalid);
  const ctx = env.context(proposal);
  let preview: SkillPreview;
  try {
    await skill.executor.check?.(proposal.args, ctx);
    preview = await skill.executor.preview(proposal.args, ctx);
  } catch (error) {
    if (error instanceof SkillInputError) return refuse(inputRule(error), error.message);
    return refuse('check:failed', `The ${proposal.skill} skill could not check this: ${error instanceof Error ? error.message : String(error)}`);
  }
  const decision = decide({
    proposal: { skill: proposal.skill, args: proposal.args, source: proposal.source, ...(proposal.workspace ? { workspace: proposal.workspace } : {}) },
    manifest: skill.manifest,
    policy: env.policy,
    ...(env.policyError ? { policyError: env.policyError } : {}),
    now: env.now,
    quietHours: env.quietHours,
    ...(env.timezone ? { timezone: env.timezone } : {}),
    recent: env.recent,
    paused: env.paused,
  });
  if (decision.decision === 'deny') return { ok: false, skill, decision, error: decision.reason, preview };
  return { ok: true, skill, preview, decision: askWhenSensitive(decision, preview, proposal.source) };
}

/**
 * A sensitive effect (a write to `.git/`, `.vscode/`, `package.json`…, flagged by the skill's
 * preview) is never done alone, whatever the policy allows: `allow` becomes `ask` (rule
 * `sensitive-path`). The person's own run is theirs and stays allowed.
 */
function askWhenSensitive(decision: DecisionResult, preview: SkillPreview, source: ProposalSource): DecisionResult {
  if (decision.decision !== 'allow' || !preview.sensitive || source === 'person') return decision;
  return { decision: 'ask', rule: 'sensitive-path', reason: preview.sensitive, trust: decision.trust };
}

/** A skill's trust settings; a skill the policy does not list gets the default policy's (or asks). */
export function skillTrust(policy: Policy, skill: string): SkillTrust {
  return policy.skills[skill] ?? defaultPolicy().skills[skill] ?? { enabled: true, level: 'supervised' };
}

/** The field named in a schema message (`args.path must be string`, `args must have required property 'title'`). */
export function fieldOfSchemaError(message: string): string | undefined {
  return /^args\.([A-Za-z0-9_-]+)/.exec(message)?.[1] ?? /property '([^']+)'/.exec(message)?.[1];
}

function inputRule(error: SkillInputError): string {
  if (/outside the workspace/.test(error.message)) return 'path:outside-workspace';
  if (/inside the twin's profile folder/.test(error.message)) return 'path:profile';
  return `input:${error.field ?? 'invalid'}`;
}
