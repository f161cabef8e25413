import type { SkillTrust } from './decisionTypes';
import { compareTrust, type TrustLevel } from './trust';

/** The highest level anything acts at: `adaptive` moves between levels up to this one, never above. */
export const HIGHEST_ACTING_LEVEL: TrustLevel = 'bounded';
/** Where an `adaptive` skill starts, and where a failure or a rejection puts it back. */
export const ADAPTIVE_START: TrustLevel = 'supervised';

/** The level a skill acts at now: its own, or for `adaptive` where it stands (below its ceiling). Unlisted skills are supervised. */
export function effectiveTrust(trust: SkillTrust | undefined): TrustLevel {
  if (!trust) return 'supervised';
  if (trust.level !== 'adaptive') return trust.level;
  const current = trust.current && trust.current !== 'adaptive' ? trust.current : ADAPTIVE_START;
  return lowerOf(current, adaptiveCeiling(trust));
}

/** An adaptive skill's ceiling: the person's, never above `bounded` (the default). */
export function adaptiveCeiling(trust: SkillTrust): TrustLevel {
  const ceiling = trust.ceiling && trust.ceiling !== 'adaptive' ? trust.ceiling : HIGHEST_ACTING_LEVEL;
  return lowerOf(ceiling, HIGHEST_ACTING_LEVEL);
}

/** One level up, or undefined at the top of the acting levels. */
export function nextLevel(level: TrustLevel): TrustLevel | undefined {
  const order: TrustLevel[] = ['observe', 'suggest', 'supervised', 'bounded'];
  const at = order.indexOf(level);
  return at >= 0 && at < order.length - 1 ? order[at + 1] : undefined;
}

export function lowerOf(a: TrustLevel, b: TrustLevel): TrustLevel {
  return compareTrust(a, b) <= 0 ? a : b;
}

/**
 * A skill's settings after the person changed them, with the adaptive bookkeeping kept true:
 * becoming adaptive stamps `adaptiveSince` (so only outcomes from `now` on move it) and starts at
 * `supervised`; staying adaptive keeps both (`current` within the new ceiling; a missing
 * `adaptiveSince`, from an older policy, is stamped now); leaving adaptive drops both.
 */
export function settleAdaptive(before: SkillTrust, next: SkillTrust, now: Date): SkillTrust {
  const { current, adaptiveSince, ...settings } = next;
  if (next.level !== 'adaptive') return settings;
  const stays = before.level === 'adaptive';
  return {
    ...settings,
    current: lowerOf((stays ? current : undefined) ?? ADAPTIVE_START, adaptiveCeiling(next)),
    adaptiveSince: (stays ? adaptiveSince : undefined) ?? now.toISOString(),
  };
}
