/**
 * `policy.json` in the profile: each skill's trust settings and the rules (DESIGN.md, "Decisions
 * and skills"). A new profile gets `storage/defaults/policy.json`, where nothing with side
 * effects runs unapproved. A file that cannot be used (not JSON, against the schema, a pattern
 * that is no regular expression, a newer format) never means "allow": it means ask for everything,
 * with an error naming the file and the problem, while the default deny rules still deny.
 */
import type { ProfileFiles } from '../profile/profileFiles';
import type { ProfileLock } from '../profile/profileLock';
import { StoreError } from '../profile/storeError';
import { storageSchemas } from '../profile/storageSchemas';
import { SKILL_IDS } from '../skills/skillTypes';
import defaults from '../../../storage/defaults/policy.json';
import type { Policy } from './decisionTypes';
import { patternProblem } from './shellCommand';

export const POLICY_FILE = 'policy.json';
export const POLICY_FORMAT_VERSION = 1;

/** The policy of a new profile, as a fresh copy. */
export function defaultPolicy(): Policy {
  return structuredClone(defaults) as Policy;
}

/**
 * What stands when policy.json is broken: every built-in skill supervised (so everything asks) and
 * only the default deny rules, which still deny. `decide` also asks on its own when given the error.
 */
export function askAllPolicy(): Policy {
  const base = defaultPolicy();
  return {
    ...base,
    skills: Object.fromEntries(SKILL_IDS.map((id) => [id, { enabled: true, level: 'supervised' }])),
    rules: base.rules.filter((rule) => rule.effect === 'deny'),
  };
}

/** Reads policy.json, creating it from the default when missing. Never throws for a bad file: see `error`. */
export function loadPolicy(files: ProfileFiles): { policy: Policy; error?: string } {
  let raw = files.read(POLICY_FILE)?.toString('utf8');
  if (raw === undefined) {
    createDefault(files);
    // Read back what is there now: another window may have written its own in between.
    raw = files.read(POLICY_FILE)?.toString('utf8');
    if (raw === undefined) return { policy: defaultPolicy() };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw) as unknown;
  } catch (error) {
    return broken(files, `it is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const problem = policyProblem(parsed);
  return problem ? broken(files, problem) : { policy: parsed as Policy };
}

/** Validates and writes policy.json (temp file, fsync, rename) under the profile lock. */
export async function savePolicy(files: ProfileFiles, lock: ProfileLock, policy: Policy): Promise<void> {
  const problem = policyProblem(policy);
  if (problem) throw new StoreError('INVALID', `Policy not saved: ${problem}.`, POLICY_FILE);
  await lock.withLock('policy', () => files.writeAtomic(POLICY_FILE, serialize(policy)));
}

/** Undefined for a usable policy, else one sentence naming what is wrong (the field, the rule, the pattern). */
export function policyProblem(value: unknown): string | undefined {
  const schemaProblem = storageSchemas().policy(value);
  if (schemaProblem) return schemaProblem;
  const policy = value as Policy;
  if (policy.version > POLICY_FORMAT_VERSION) return `it was written in format version ${policy.version} by a newer MetaHuman (this one reads ${POLICY_FORMAT_VERSION})`;
  const seen = new Set<string>();
  for (const rule of policy.rules) {
    if (seen.has(rule.id)) return `two rules have the id "${rule.id}"`;
    seen.add(rule.id);
    for (const pattern of rule.commands?.patterns ?? []) {
      const problem = patternProblem(pattern);
      if (problem) return `rule "${rule.id}" has a pattern that is not a valid regular expression: ${pattern} (${problem})`;
    }
  }
  return undefined;
}

function broken(files: ProfileFiles, problem: string): { policy: Policy; error: string } {
  return { policy: askAllPolicy(), error: `${files.abs(POLICY_FILE)} cannot be used: ${problem}. Every action asks for approval until it is fixed.` };
}

function createDefault(files: ProfileFiles): void {
  try {
    if (!files.exists(POLICY_FILE)) files.writeAtomic(POLICY_FILE, serialize(defaultPolicy()));
  } catch (error) {
    // A read-only profile still decides, by the (conservative) default.
    files.logger.warn(`${POLICY_FILE}: could not be created (${error instanceof Error ? error.message : String(error)}); using the default policy`);
  }
}

function serialize(policy: Policy): string {
  return `${JSON.stringify(policy, null, 2)}\n`;
}
