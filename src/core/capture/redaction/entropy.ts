/**
 * The last net: a long token whose characters look drawn at random is probably a key nobody wrote
 * a rule for. "Random" = its Shannon entropy is close to what a random string of the same length
 * over the same alphabet would have. A fixed threshold would either miss short keys (a random
 * 20-character string cannot exceed log2(20) = 4.3 bits) or flag long identifiers, so the bar
 * scales with length.
 */

/** Shannon entropy in bits per character. */
export function shannonEntropy(s: string): number {
  if (s.length === 0) return 0;
  const counts = new Map<number, number>();
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

const expectedCache = new Map<string, number>();

/**
 * Expected entropy of a random string of `length` characters over an alphabet of `size`, computed
 * exactly from the occupancy distribution's mean: E[H] = -Σ_k P(count=k)·alphabet·(k/n)·log2(k/n),
 * with count ~ Binomial(n, 1/size). Cached; lengths are short.
 */
export function expectedRandomEntropy(length: number, size: number): number {
  const key = `${length}:${size}`;
  const cached = expectedCache.get(key);
  if (cached !== undefined) return cached;
  const p = 1 / size;
  let h = 0;
  let pk = Math.pow(1 - p, length); // P(count = 0)
  for (let k = 1; k <= length; k++) {
    pk *= ((length - k + 1) / k) * (p / (1 - p));
    if (pk < 1e-12 && k > length * p) break;
    const q = k / length;
    h -= size * pk * q * Math.log2(q);
  }
  expectedCache.set(key, h);
  return h;
}

/** Fraction of the random expectation a token must reach to count as random. */
export const ENTROPY_RATIO = 0.86;
/** Shortest token examined: shorter random strings are too rare to matter and too easy to mistake. */
export const MIN_TOKEN_LENGTH = 20;

/**
 * Candidate tokens: runs of base64/base64url characters. Hex-only runs are left alone on purpose:
 * git SHAs, content hashes and colours fill commit messages and commands, and hex secrets are
 * caught by their provider shape or their context (a secret-ish name, a header, a flag).
 */
export const TOKEN = /[A-Za-z0-9+/_=-]{20,}/g;

/** True when `token` looks like a random secret rather than a word, identifier, path or hash. */
export function isHighEntropyToken(token: string): boolean {
  const core = token.replace(/=+$/, '');
  if (core.length < MIN_TOKEN_LENGTH) return false;
  if (/^[0-9a-fA-F-]+$/.test(core)) return false;
  // Paths (`src/core/capture/redactSecrets`) use `/` too; base64 with `/` almost always also has `+` or padding.
  if (core.includes('/') && !core.includes('+') && core.length === token.length && core.length !== 40) return false;
  const hasUpper = /[A-Z]/.test(core);
  const hasLower = /[a-z]/.test(core);
  const hasDigit = /[0-9]/.test(core);
  if (!hasUpper || !hasLower || !hasDigit) return false;
  if (wordCoverage(core) >= 0.7) return false;
  const alphabet = /[+/]/.test(core) ? 64 : /[_-]/.test(core) ? 64 : 62;
  return shannonEntropy(core) >= ENTROPY_RATIO * expectedRandomEntropy(core.length, alphabet);
}

/**
 * Share of characters in word-like camelCase pieces (`get`, `User`, `Profile`): identifiers are
 * mostly words, while random strings switch case every one or two characters. Entropy alone
 * cannot tell them apart: `getUserProfileById2FromCache` scores 97% of a random string's entropy.
 */
export function wordCoverage(s: string): number {
  let covered = 0;
  for (const m of s.matchAll(/[A-Z]?[a-z]+/g)) if (m[0].length >= 3) covered += m[0].length;
  return covered / s.length;
}
