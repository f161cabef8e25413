import { normalize, type Embedder } from './embedder';
import { contentWords } from './textTerms';

/**
 * The default embedder: no model, no download, the same vector for the same text on every
 * machine. Each content word, each pair of adjacent words and each character trigram of a word
 * is hashed into one of `dimension` buckets with a hashed sign (the "hashing trick"), so texts
 * that share words or word pieces ("parser", "parsing") point the same way. It knows nothing of
 * synonyms; that is why it is labelled lexical and why a real model can replace it.
 */
export interface LexicalEmbedderOptions {
  /** Power of two; 256 keeps 100k records at 26 MB of int8 vectors. */
  dimension?: number;
}

const WORD_WEIGHT = 1;
const PAIR_WEIGHT = 0.6;
/** Spread over a word's trigrams so a long word does not outweigh the word itself. */
const TRIGRAM_WEIGHT = 1.2;

export function createLexicalEmbedder(options: LexicalEmbedderOptions = {}): Embedder {
  const dimension = options.dimension ?? 256;
  if (dimension < 16 || (dimension & (dimension - 1)) !== 0) throw new Error(`Lexical embedder dimension must be a power of two ≥ 16, got ${dimension}.`);
  return {
    id: `lexical-ngram-v1-d${dimension}`,
    label: 'lexical (built-in hashed n-grams)',
    dimension,
    embed: (texts) => Promise.resolve(texts.map((t) => embedLexical(t, dimension))),
  };
}

/** Synchronous core, exported for the benchmark and for callers that batch themselves. */
export function embedLexical(text: string, dimension: number): Float32Array {
  const v = new Float32Array(dimension);
  const mask = dimension - 1;
  const add = (feature: string, weight: number) => {
    const h = hash(feature);
    v[h & mask] += (h & 0x80000000 ? -1 : 1) * weight;
  };
  // camelCase and snake_case identifiers also count as their parts.
  const terms = contentWords(text.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/_/g, ' '));
  for (let i = 0; i < terms.length; i++) {
    const w = terms[i];
    add(w, WORD_WEIGHT);
    if (i > 0) add(`${terms[i - 1]} ${w}`, PAIR_WEIGHT);
    const padded = `#${w}#`;
    const grams = padded.length - 2;
    for (let j = 0; j < grams; j++) add(`\u0001${padded.slice(j, j + 3)}`, TRIGRAM_WEIGHT / grams);
  }
  return normalize(v);
}

/** FNV-1a then a murmur3 finaliser: cheap, and the high bit (the sign) is well mixed. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
