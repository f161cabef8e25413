import type { MemoryRecord } from '../memory/record';
import type { Embedder } from './embedder';
import { kindCode, type FtsStore } from './ftsStore';
import type { IndexFilters } from './indexFilters';
import { isPathLike, queryMentions, rankCandidates, type Candidate, type RankingOptions, type ScoreParts } from './ranking';
import { contentWords, words } from './textTerms';
import { parseTimeQuery } from './timeQuery';
import type { SlotFilter, VectorStore } from './vectorStore';

export interface SearchRequest {
  query: string;
  /** How many hits to return (default 10). */
  k?: number;
  filters?: IndexFilters;
  /** Reference time for "yesterday" and for recency; default the index's clock. */
  now?: Date;
  /** Read dates in the query as filters (default true). */
  parseDates?: boolean;
  /** `text` or `vector` runs one half alone (benchmarks, diagnostics); default `hybrid`. */
  mode?: 'hybrid' | 'text' | 'vector';
}

export interface SearchHit {
  id: string;
  ts: string;
  kind: string;
  text: string;
  score: number;
  meta: Record<string, unknown>;
  record: MemoryRecord;
  parts: ScoreParts;
}

export interface SearchResult {
  hits: SearchHit[];
  /** The filters applied, with the time range read from the query merged in. */
  filters: IndexFilters;
  /** The words searched for, after dates and stopwords were taken out. */
  terms: string[];
  /** The date words read from the query. */
  time?: string;
  /** Share of records with a vector (below 1 while re-embedding in the background). */
  vectorCoverage: number;
  /** Why the vector half was skipped for this query, when it was. */
  vectorError?: string;
  tookMs: number;
}

export interface SearchParts {
  fts: FtsStore;
  vectors: VectorStore;
  embedder: Embedder;
  ranking: RankingOptions;
  now: () => Date;
}

/** Full-text and vector candidates per list before fusion: enough to fill k after filtering and re-ranking. */
const CANDIDATES = (k: number) => Math.max(40, k * 4);

export async function searchIndex(parts: SearchParts, request: SearchRequest): Promise<SearchResult> {
  const started = performance.now();
  const now = request.now ?? parts.now();
  const k = request.k ?? 10;
  const time = request.parseDates === false ? { text: request.query } : parseTimeQuery(request.query, now);
  const mentions = queryMentions(time.text);
  const named = request.filters?.file === undefined ? namedFile(parts.fts, time.text) : undefined;
  const filters = mergeTime({ ...request.filters, ...(named ? { file: named.file } : {}) }, time.since, time.until);
  if (named) time.text = named.rest;
  const terms = contentWords(time.text);
  const total = parts.fts.count();
  const vectorCoverage = total === 0 ? 1 : parts.vectors.size / total;
  const result = (hits: SearchHit[]): SearchResult => ({
    hits,
    filters,
    terms,
    ...(time.matched ? { time: time.matched } : {}),
    vectorCoverage,
    tookMs: performance.now() - started,
  });
  if (k <= 0 || total === 0) return result([]);

  const listing = () => {
    // Only filters (a time range, a file): everything under them, newest first.
    const rids = parts.fts.searchRecent(filters, k);
    const rows = parts.fts.byRids(rids);
    const candidates = rids.flatMap((rid) => (rows.has(rid) ? [{ record: rows.get(rid)!.record }] : []));
    return result(toHits(rankCandidates(candidates, mentions, parts.ranking, now.getTime(), k, true)));
  };
  if (terms.length === 0) return listing();

  const limit = CANDIDATES(k);
  const mode = request.mode ?? 'hybrid';
  const textHits = mode === 'vector' ? [] : parts.fts.searchText(terms, words(time.text), filters, limit);
  let queryVector: Float32Array | undefined;
  let vectorError: string | undefined;
  try {
    if (mode !== 'text') [queryVector] = await parts.embedder.embed([time.text]);
  } catch (error) {
    // The embedder went away (an Ollama server stopped): answer from full text alone, and say so.
    vectorError = error instanceof Error ? error.message : String(error);
  }
  const vectorHits = queryVector
    ? parts.vectors.search(queryVector, limit, slotFilter(parts.fts, filters)).filter((h) => h.similarity >= parts.ranking.minSimilarity)
    : [];

  const candidates = new Map<number, Candidate>();
  const textRows = parts.fts.byRids(textHits.map((h) => h.rid));
  textHits.forEach((h, i) => {
    const row = textRows.get(h.rid);
    if (row) candidates.set(h.rid, { record: row.record, text: { rank: i + 1, bm25: round(h.bm25) } });
  });
  const slotRows = parts.fts.bySlots(vectorHits.map((h) => h.slot));
  vectorHits.forEach((h, i) => {
    const row = slotRows.get(h.slot);
    // A slot with no record is a leftover of an interrupted write: skipped, freed on the next reconcile.
    if (!row) return;
    const vector = { rank: i + 1, similarity: round(h.similarity) };
    const known = candidates.get(row.rid);
    if (known) known.vector = vector;
    else candidates.set(row.rid, { record: row.record, vector });
  });
  // Words that match nothing under a narrowing filter ("changes to parser.ts") still ask for what the filter holds.
  const narrowed = filters.file !== undefined || filters.tag !== undefined || filters.since !== undefined || filters.until !== undefined;
  if (candidates.size === 0 && narrowed) return { ...listing(), ...(vectorError ? { vectorError } : {}) };
  const ranked = rankCandidates([...candidates.values()], mentions, parts.ranking, now.getTime(), k);
  return { ...result(toHits(ranked)), ...(vectorError ? { vectorError } : {}) };
}

/**
 * A query that names one file the index knows ("lib/commander.js in August 2011") asks about that
 * file: it becomes a file filter, as a date becomes a time filter. Two files, or a name no record
 * touched, stay plain words.
 */
function namedFile(fts: FtsStore, text: string): { file: string; rest: string } | undefined {
  const tokens = text.split(/\s+/).map((t) => t.replace(/^[("'`]+|[)"'`,;:?!]+$/g, ''));
  const files = tokens.filter((t) => isPathLike(t) && fts.knowsFile(t));
  if (files.length !== 1) return undefined;
  const file = files[0];
  return { file, rest: text.replace(file, ' ').replace(/\s+/g, ' ').trim() };
}

function slotFilter(fts: FtsStore, filters: IndexFilters): SlotFilter {
  const out: SlotFilter = {};
  if (filters.kinds?.length) {
    out.kindAllowed = new Uint8Array(256);
    for (const kind of filters.kinds) out.kindAllowed[kindCode(kind)] = 1;
  }
  if (filters.project !== undefined) out.project = fts.knownProjectId(filters.project);
  if (filters.since !== undefined) out.since = filters.since;
  if (filters.until !== undefined) out.until = filters.until;
  if (filters.tag !== undefined || filters.file !== undefined) out.slots = fts.slotsFor(filters);
  return out;
}

function mergeTime(filters: IndexFilters, since: number | undefined, until: number | undefined): IndexFilters {
  const out = { ...filters };
  if (since !== undefined) out.since = out.since === undefined ? since : Math.max(out.since, since);
  if (until !== undefined) out.until = out.until === undefined ? until : Math.min(out.until, until);
  return out;
}

function toHits(ranked: ReturnType<typeof rankCandidates>): SearchHit[] {
  return ranked.map(({ record, score, parts }) => ({
    id: record.id,
    ts: record.ts,
    kind: record.kind,
    text: record.text,
    score,
    meta: record.meta,
    record,
    parts,
  }));
}

function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}
