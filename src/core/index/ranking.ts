import type { MemoryRecord } from '../memory/record';
import { recordMentions } from './recordFields';
import { STOPWORDS, words } from './textTerms';

/**
 * How hits are ordered: full-text and vector ranks are fused by reciprocal-rank fusion (RRF, each
 * list contributes weight / (rrfK + rank)), normalised to 0..1 as relevance, then multiplied by
 * recency, importance, the entity boost and the kind factor. Plain numbers, so settings, tests
 * and the CLI can pass their own.
 */
export interface RankingOptions {
  /** RRF damping: larger values flatten the difference between rank 1 and rank 10. */
  rrfK: number;
  textWeight: number;
  vectorWeight: number;
  /** 0 = age does not matter, 1 = an old memory's score falls to zero. */
  recencyWeight: number;
  /** Age at which the recency part has fallen halfway. */
  recencyHalfLifeDays: number;
  /** 0 = importance ignored, 1 = a trivia memory (importance 1) scores a tenth of a life-defining one. */
  importanceWeight: number;
  /** Score multiplier added per project, file, person or library named in the query that the record mentions (up to 3). */
  entityBoost: number;
  /** Vector hits less similar than this are not candidates (cosine, -1..1). */
  minSimilarity: number;
  /** Score multiplier of a dream: imagination, never preferred over an equally relevant fact. */
  dreamWeight: number;
  /** Score multiplier of a record a newer one contradicts (a `superseded_by` link from the organizer). */
  supersededWeight: number;
  /** Score multiplier of a near-duplicate the sleep service linked to its canonical record (`duplicate_of`). */
  duplicateWeight: number;
  /** Score multiplier of a memory the person marked wrong (`validated: false`): still findable, never preferred. */
  wrongWeight: number;
}

export const DEFAULT_RANKING: RankingOptions = {
  // Lower than the customary 60: with ~50 candidates per list, 60 flattens rank 1 and rank 20 so
  // much that a small recency difference outweighs a record that is first in both lists.
  rrfK: 20,
  textWeight: 1,
  vectorWeight: 1,
  recencyWeight: 0.2,
  recencyHalfLifeDays: 180,
  importanceWeight: 0.2,
  entityBoost: 0.25,
  minSimilarity: 0.05,
  dreamWeight: 0.5,
  supersededWeight: 0.6,
  duplicateWeight: 0.7,
  wrongWeight: 0.3,
};

/** Why a hit ranks where it does; every hit carries one (`mh search --explain`). */
export interface ScoreParts {
  /** 1-based rank in the full-text list and its BM25 (lower is better), when it matched. */
  text?: { rank: number; bm25: number };
  /** 1-based rank in the vector list and its cosine similarity, when it was near. */
  vector?: { rank: number; similarity: number };
  /** Fused relevance, 0..1. */
  relevance: number;
  /** Recency factor, (1 − recencyWeight)..1. */
  recency: number;
  /** Importance factor, (1 − importanceWeight)..1; a record not yet scored counts as 5 of 10. */
  importance: number;
  /** Entity factor, ≥ 1. */
  entity: number;
  /** The names in the query that the record mentions. */
  entities: string[];
  /**
   * Kind factor, ≤ 1: `dreamWeight` for a dream, `supersededWeight` for a superseded record,
   * `duplicateWeight` for a near-duplicate, `wrongWeight` for a memory the person marked wrong
   * (they multiply), else 1. A superseded record listed with
   * its successor, or a duplicate listed with its canonical, is also held just below it.
   */
  kind: number;
  /** Id of the newer record that superseded this one, when there is one. */
  supersededBy?: string;
  /** Id of the canonical record this one repeats, when the sleep service merged it. */
  duplicateOf?: string;
  /** True when the person marked the memory wrong (and the query had words: a browse by time leaves it in place). */
  markedWrong?: true;
  /** True when the query held no words to match, only filters (a time range, a file), and the hit is listed by them. */
  timeOnly?: boolean;
}

export interface Candidate {
  record: MemoryRecord;
  text?: { rank: number; bm25: number };
  vector?: { rank: number; similarity: number };
}

export interface RankedHit {
  record: MemoryRecord;
  score: number;
  parts: ScoreParts;
}

const DAY = 86_400_000;

/** Orders candidates by relevance × recency × importance × entity × kind and keeps the best `k`. */
export function rankCandidates(candidates: Candidate[], query: QueryMentions, options: RankingOptions, now: number, k: number, timeOnly = false): RankedHit[] {
  const maxRrf = (options.textWeight + options.vectorWeight) / (options.rrfK + 1);
  const hits = candidates.map((c): RankedHit => {
    const rrf =
      (c.text ? options.textWeight / (options.rrfK + c.text.rank) : 0) + (c.vector ? options.vectorWeight / (options.rrfK + c.vector.rank) : 0);
    const relevance = timeOnly ? 1 : maxRrf > 0 ? rrf / maxRrf : 0;
    const ageDays = Math.max(0, (now - Date.parse(c.record.ts)) / DAY);
    const recency = 1 - options.recencyWeight + options.recencyWeight * Math.pow(0.5, ageDays / options.recencyHalfLifeDays);
    const importance = 1 - options.importanceWeight + options.importanceWeight * ((c.record.importance ?? 5) / 10);
    const entities = matchEntities(c.record, query);
    const entity = 1 + options.entityBoost * Math.min(entities.length, 3);
    const supersededBy = c.record.links.find((l) => l.rel === 'superseded_by')?.id;
    const duplicateOf = c.record.links.find((l) => l.rel === 'duplicate_of')?.id;
    // A browse by time (no words to match) keeps a wrong memory in its place; it shows as marked.
    const markedWrong = c.record.validated === false && !timeOnly;
    const kind =
      (c.record.kind === 'dream' ? options.dreamWeight : 1) *
      (supersededBy ? options.supersededWeight : 1) *
      (duplicateOf ? options.duplicateWeight : 1) *
      (markedWrong ? options.wrongWeight : 1);
    const parts: ScoreParts = {
      ...(c.text ? { text: c.text } : {}),
      ...(c.vector ? { vector: c.vector } : {}),
      relevance: round(relevance),
      recency: round(recency),
      importance: round(importance),
      entity: round(entity),
      entities,
      kind: round(kind),
      ...(supersededBy ? { supersededBy } : {}),
      ...(duplicateOf ? { duplicateOf } : {}),
      ...(markedWrong ? { markedWrong } : {}),
      ...(timeOnly ? { timeOnly } : {}),
    };
    return { record: c.record, score: relevance * recency * importance * entity * kind, parts };
  });
  holdBelowSuccessors(hits);
  // Ties (common for time-only queries) go to the newer record, then the id, so order is stable.
  hits.sort((a, b) => b.score - a.score || b.record.ts.localeCompare(a.record.ts) || b.record.id.localeCompare(a.record.id));
  return hits.slice(0, k).map((h) => ({ ...h, score: round(h.score) }));
}

/**
 * A superseded record that still outscores its successor (it matched the words better) is capped
 * just below it: the newer statement is the one to believe. A repeat is held below its canonical
 * record the same way. Chains (a → b → c) settle in a few passes.
 */
function holdBelowSuccessors(hits: RankedHit[]): void {
  const byId = new Map(hits.map((h) => [h.record.id, h]));
  for (let pass = 0; pass < 3; pass++) {
    let changed = false;
    for (const hit of hits) {
      const preferred = hit.parts.supersededBy ?? hit.parts.duplicateOf;
      const successor = preferred ? byId.get(preferred) : undefined;
      if (!successor || hit.score < successor.score || hit.score === 0) continue;
      // The cap shows in the kind factor, so the score stays the product of its parts.
      const capped = successor.score * 0.99;
      hit.parts.kind = round(hit.parts.kind * (capped / hit.score));
      hit.score = capped;
      changed = true;
    }
    if (!changed) break;
  }
}

/** The query prepared once for entity matching. */
export interface QueryMentions {
  lower: string;
  words: Set<string>;
}

export function queryMentions(text: string): QueryMentions {
  // Words inside a path ("commander" of lib/commander.js) name the file, not a project or person.
  const plain = text
    .split(/\s+/)
    .filter((t) => !isPathLike(t))
    .join(' ');
  return { lower: text.toLowerCase(), words: new Set(words(plain)) };
}

/** "src/parser.ts", "parser.ts", "lib/": a token that names a file or folder. */
export function isPathLike(token: string): boolean {
  return /[\\/]/.test(token) || /^[\w@-]+(\.[\w-]+)*\.[a-z][a-z0-9]{0,5}$/i.test(token);
}

/**
 * Names the record mentions that the query names: a one-word name must be a whole query word,
 * a longer one (a path, "Alice Smith") must appear in the query. Tags are left out: a tag like
 * "fix" is a topic, not an entity, and full text already counts it.
 */
function matchEntities(record: MemoryRecord, query: QueryMentions): string[] {
  const out: string[] = [];
  const tags = new Set(record.tags.map((t) => t.toLowerCase()));
  for (const name of recordMentions(record)) {
    if (name.length < 3 || STOPWORDS.has(name) || (tags.has(name) && !record.entities.some((e) => e.toLowerCase() === name))) continue;
    const single = /^[\p{L}\p{N}_]+$/u.test(name);
    if (single ? query.words.has(name) : query.lower.includes(name)) out.push(name);
  }
  // One mention, one boost: "lib/commander.js" and "commander.js" are the same file.
  return out.filter((name) => !out.some((other) => other !== name && other.length > name.length && other.includes(name)));
}

function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}
