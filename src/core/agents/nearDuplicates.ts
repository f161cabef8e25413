import { normalized } from './agentText';

/**
 * Finds pairs of texts that say the same thing again: the Jaccard similarity of their word
 * bigrams (after lower-casing and dropping punctuation) reaches a threshold. At 0.9 that means
 * the same words in the same order with at most a word or two changed in a long text, or only
 * case, punctuation and spacing in a short one.
 *
 * Comparing every pair would be quadratic in the memory's size, so candidates come from prefix
 * filtering: two sets with Jaccard ≥ t must share at least one of the first `|S| − ⌈t·|S|⌉ + 1`
 * shingles of each, when every set is sorted by the same global order (rarest shingle first).
 */

export interface DuplicatePair<T> {
  a: T;
  b: T;
  similarity: number;
}

/** Texts with fewer words are too short to call a repetition (`ok`, `thanks`). */
export const MIN_WORDS = 5;

/** The set of word bigrams of a text; undefined when it has fewer than `MIN_WORDS` words. */
export function shinglesOf(text: string): Set<string> | undefined {
  const words = normalized(text).split(' ').filter(Boolean);
  if (words.length < MIN_WORDS) return undefined;
  const out = new Set<string>();
  for (let i = 0; i + 1 < words.length; i++) out.add(`${words[i]} ${words[i + 1]}`);
  return out;
}

export function jaccard(x: ReadonlySet<string>, y: ReadonlySet<string>): number {
  if (x.size === 0 || y.size === 0) return 0;
  const [small, large] = x.size <= y.size ? [x, y] : [y, x];
  let shared = 0;
  for (const s of small) if (large.has(s)) shared++;
  return shared / (x.size + y.size - shared);
}

/** Every pair of items whose texts reach `threshold` (0 < threshold ≤ 1), each pair once. */
export function nearDuplicatePairs<T>(items: readonly T[], textOf: (item: T) => string, threshold: number): DuplicatePair<T>[] {
  const sets: { item: T; shingles: Set<string> }[] = [];
  for (const item of items) {
    const shingles = shinglesOf(textOf(item));
    if (shingles) sets.push({ item, shingles });
  }
  const frequency = new Map<string, number>();
  for (const { shingles } of sets) for (const s of shingles) frequency.set(s, (frequency.get(s) ?? 0) + 1);
  const order = (a: string, b: string) => frequency.get(a)! - frequency.get(b)! || (a < b ? -1 : a > b ? 1 : 0);

  const postings = new Map<string, number[]>();
  const pairs: DuplicatePair<T>[] = [];
  for (const [i, { shingles }] of sets.entries()) {
    const sorted = [...shingles].sort(order);
    const prefix = sorted.length - Math.ceil(threshold * sorted.length) + 1;
    const seen = new Set<number>();
    for (const s of sorted.slice(0, prefix)) {
      for (const j of postings.get(s) ?? []) {
        if (seen.has(j)) continue;
        seen.add(j);
        const other = sets[j];
        // Sizes too far apart can never reach the threshold.
        const [small, large] = other.shingles.size <= shingles.size ? [other.shingles.size, shingles.size] : [shingles.size, other.shingles.size];
        if (small < threshold * large) continue;
        const similarity = jaccard(other.shingles, shingles);
        if (similarity >= threshold) pairs.push({ a: other.item, b: sets[i].item, similarity });
      }
      const list = postings.get(s);
      if (list) list.push(i);
      else postings.set(s, [i]);
    }
  }
  return pairs;
}
