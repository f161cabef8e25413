/**
 * Trust levels, ordered from "never acts" to "earns its own autonomy" (issue 8):
 * `observe` notes what it would do; `suggest` proposes and the person acts; `supervised` acts
 * after approval; `bounded` acts alone within policy limits and tells afterwards; `adaptive`
 * moves with outcomes, one level at a time, within a ceiling the person sets.
 */
export const TRUST_LEVELS = ['observe', 'suggest', 'supervised', 'bounded', 'adaptive'] as const;
export type TrustLevel = (typeof TRUST_LEVELS)[number];

/** Negative when `a` trusts less than `b`. */
export function compareTrust(a: TrustLevel, b: TrustLevel): number {
  return TRUST_LEVELS.indexOf(a) - TRUST_LEVELS.indexOf(b);
}

export function isTrustLevel(value: unknown): value is TrustLevel {
  return typeof value === 'string' && (TRUST_LEVELS as readonly string[]).includes(value);
}
