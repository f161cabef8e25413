import { Database, type Statement } from 'node-sqlite3-wasm';
import { MEMORY_KINDS, type MemoryRecord } from '../memory/record';
import type { IndexFilters } from './indexFilters';
import { recordFiles } from './recordFields';

/**
 * The full-text and metadata half of the index, in SQLite (the WebAssembly build, so the same
 * code runs in every extension host and on Node 20). `records` holds each record's JSON and the
 * columns filters need; `records_fts` is an FTS5 table ranked by BM25, in secure-delete mode so a
 * forgotten record's words leave the index at once (and BM25 statistics after edits and forgets
 * equal those of a fresh build); tags and the
 * files a record touched sit in their own tables so a filter on them is an index lookup.
 * `meta` keeps the schema version, the change-feed cursor and which embedder built the vectors.
 */
export const SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE projects (pid INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE records (
  rid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  ts INTEGER NOT NULL,
  pid INTEGER NOT NULL,
  slot INTEGER,
  text_hash INTEGER NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX records_ts ON records (ts);
CREATE INDEX records_slot ON records (slot) WHERE slot IS NOT NULL;
CREATE INDEX records_unembedded ON records (rid) WHERE slot IS NULL;
CREATE TABLE record_tags (tag TEXT NOT NULL, rid INTEGER NOT NULL, PRIMARY KEY (tag, rid)) WITHOUT ROWID;
CREATE INDEX record_tags_rid ON record_tags (rid);
CREATE TABLE record_files (base TEXT NOT NULL, path TEXT NOT NULL, rid INTEGER NOT NULL, PRIMARY KEY (base, path, rid)) WITHOUT ROWID;
CREATE INDEX record_files_rid ON record_files (rid);
CREATE INDEX record_files_path ON record_files (path);
CREATE VIRTUAL TABLE records_fts USING fts5 (text, extra, tokenize = 'porter unicode61 remove_diacritics 2');
INSERT INTO records_fts (records_fts, rank) VALUES ('secure-delete', 1);
`;

/** Weight of the record's text against its project, tags, entities and file paths in BM25. */
const BM25_WEIGHTS = '1.0, 0.35';
/** About how many rows one full-text query ranks at most (see `searchText`). */
const RANK_BUDGET = 1000;

const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;

export interface StoredRow {
  rid: number;
  slot: number | null;
  record: MemoryRecord;
}

export interface UpsertResult {
  rid: number;
  /** The vector row the record already had; null when it has none yet. */
  slot: number | null;
  /** True when the text changed (or is new), so the vector must be recomputed. */
  textChanged: boolean;
  projectId: number;
}

export class FtsStore {
  private readonly statements = new Map<string, Statement>();
  private readonly projectIds = new Map<string, number>();
  /** Lower-cased names, so `--project Commander` finds "commander". */
  private readonly projectsLower = new Map<string, number>();
  private cachedCount: number | undefined;

  private constructor(private readonly db: Database) {}

  /** Opens an existing index database; throws when it is unreadable or of another schema version. */
  static open(path: string): FtsStore {
    const store = new FtsStore(new Database(path, { fileMustExist: true }));
    try {
      store.configure();
      const version = store.getMeta('schema_version');
      if (version !== String(SCHEMA_VERSION)) throw new Error(`index schema version ${version ?? 'none'}, expected ${SCHEMA_VERSION}`);
      store.loadProjects();
      return store;
    } catch (error) {
      // Finalize cached statements first: a connection with live statements does not close.
      store.close();
      throw error;
    }
  }

  /** Creates a fresh, empty index database at `path` (which must not exist). */
  static create(path: string): FtsStore {
    const db = new Database(path);
    const store = new FtsStore(db);
    store.configure();
    db.exec(`BEGIN; ${SCHEMA} COMMIT;`);
    store.setMeta('schema_version', String(SCHEMA_VERSION));
    return store;
  }

  private configure(): void {
    // No WAL in this WebAssembly build (no shared memory); a truncated journal is the next best.
    // secure_delete: a forgotten record's text is overwritten in the file, not left in free pages.
    this.db.exec('PRAGMA journal_mode = TRUNCATE; PRAGMA synchronous = NORMAL; PRAGMA secure_delete = ON; PRAGMA cache_size = -16000;');
  }

  getMeta(key: string): string | undefined {
    const row = this.stmt('SELECT value FROM meta WHERE key = ?').get([key]) as { value: string } | null;
    return row?.value;
  }

  setMeta(key: string, value: string): void {
    this.stmt('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run([key, value]);
  }

  /** Runs `fn` in one transaction: a batch of changes and its cursor land together or not at all. */
  transaction<T>(fn: () => T): T {
    this.cachedCount = undefined; // a rollback may undo counted changes
    this.db.exec('BEGIN');
    try {
      const result = fn();
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
  }

  /** Cached between writes: a count(*) walks an index of every record, too slow for every search. */
  count(): number {
    this.cachedCount ??= Number((this.stmt('SELECT count(*) AS n FROM records').get() as { n: number }).n);
    return this.cachedCount;
  }

  countUnembedded(): number {
    return Number((this.stmt('SELECT count(*) AS n FROM records WHERE slot IS NULL').get() as { n: number }).n);
  }

  countEmbedded(): number {
    return Number((this.stmt('SELECT count(*) AS n FROM records WHERE slot IS NOT NULL').get() as { n: number }).n);
  }

  projectId(name: string | undefined): number {
    if (!name) return 0;
    const known = this.projectIds.get(name);
    if (known !== undefined) return known;
    const id = Number(this.stmt('INSERT INTO projects (name) VALUES (?)').run([name]).lastInsertRowid);
    this.rememberProject(name, id);
    return id;
  }

  /** The id of a project already indexed, or -1 (which matches nothing). */
  knownProjectId(name: string): number {
    return this.projectIds.get(name) ?? this.projectsLower.get(name.toLowerCase()) ?? -1;
  }

  projectNames(): string[] {
    return [...this.projectIds.keys()];
  }

  upsert(record: MemoryRecord): UpsertResult {
    const textHash = hashText(record.text);
    const prior = this.stmt('SELECT rid, slot, text_hash, body FROM records WHERE id = ?').get([record.id]) as
      | { rid: number; slot: number | null; text_hash: number; body: string }
      | null;
    const pid = this.projectId(record.project);
    const ts = Date.parse(record.ts);
    if (!prior) this.cachedCount = undefined;
    const body = JSON.stringify(record);
    // The same record again (a log file rewritten by compaction is read anew): nothing to change.
    if (prior && prior.body === body) {
      const slot = prior.slot === null ? null : Number(prior.slot);
      return { rid: Number(prior.rid), slot, textChanged: slot === null, projectId: pid };
    }
    let rid: number;
    if (prior) {
      rid = Number(prior.rid);
      this.stmt('UPDATE records SET kind = ?, ts = ?, pid = ?, text_hash = ?, body = ? WHERE rid = ?').run([record.kind, ts, pid, textHash, body, rid]);
      this.deleteSide(rid);
    } else {
      rid = Number(
        this.stmt('INSERT INTO records (id, kind, ts, pid, slot, text_hash, body) VALUES (?, ?, ?, ?, NULL, ?, ?)').run([record.id, record.kind, ts, pid, textHash, body])
          .lastInsertRowid,
      );
    }
    this.stmt('INSERT INTO records_fts (rowid, text, extra) VALUES (?, ?, ?)').run([rid, record.text, extraText(record)]);
    for (const tag of new Set(record.tags)) this.stmt('INSERT OR IGNORE INTO record_tags (tag, rid) VALUES (?, ?)').run([tag.toLowerCase(), rid]);
    for (const path of recordFiles(record)) this.stmt('INSERT OR IGNORE INTO record_files (base, path, rid) VALUES (?, ?, ?)').run([baseName(path), path, rid]);
    const slot = prior?.slot ?? null;
    return { rid, slot: slot === null ? null : Number(slot), textChanged: !prior || Number(prior.text_hash) !== textHash || slot === null, projectId: pid };
  }

  /** Removes a record from every table; returns its vector slot so the caller frees it. */
  remove(id: string): { slot: number | null } | undefined {
    const prior = this.stmt('SELECT rid, slot FROM records WHERE id = ?').get([id]) as { rid: number; slot: number | null } | null;
    if (!prior) return undefined;
    this.cachedCount = undefined;
    const rid = Number(prior.rid);
    this.deleteSide(rid);
    this.stmt('DELETE FROM records WHERE rid = ?').run([rid]);
    return { slot: prior.slot === null ? null : Number(prior.slot) };
  }

  setSlot(rid: number, slot: number | null): void {
    this.stmt('UPDATE records SET slot = ? WHERE rid = ?').run([slot, rid]);
  }

  /** Renumbers vector slots after the vector file was compacted (old → new; new ≤ old, so ascending order never collides). */
  moveSlots(plan: Map<number, number>): void {
    for (const [from, to] of [...plan].sort((a, b) => a[0] - b[0])) if (from !== to) this.stmt('UPDATE records SET slot = ? WHERE slot = ?').run([to, from]);
  }

  /** Merges the FTS5 index's segments into one (FTS5's own compaction). */
  optimize(): void {
    this.db.run("INSERT INTO records_fts (records_fts) VALUES ('optimize')");
  }

  /** Rewrites the database file without free pages. Cached statements are finalised first (they would hold it open). */
  vacuum(): void {
    for (const s of this.statements.values()) if (!s.isFinalized) s.finalize();
    this.statements.clear();
    this.db.exec('VACUUM');
  }

  /** Forgets every vector slot (the embedder changed); the rows are re-embedded from their text. */
  clearSlots(): void {
    this.db.run('UPDATE records SET slot = NULL WHERE slot IS NOT NULL');
  }

  /** Up to `limit` records without a vector, oldest first. */
  unembedded(limit: number): Array<{ rid: number; record: MemoryRecord }> {
    const rows = this.stmt('SELECT rid, body FROM records WHERE slot IS NULL ORDER BY rid LIMIT ?').all([limit]) as Array<{ rid: number; body: string }>;
    return rows.map((r) => ({ rid: Number(r.rid), record: JSON.parse(r.body) as MemoryRecord }));
  }

  /**
   * BM25 matches of the query words under the filters, best first (`bm25`: lower is better).
   *
   * BM25 costs a few microseconds per matching row in this WebAssembly build, so a word found in
   * tens of thousands of records would make a query take 100+ ms. Two cheap rowid-only probes
   * bound that work to about `RANK_BUDGET` rows: words matching more records than that are left
   * out when rarer words are present (their BM25 weight, the idf, is near zero anyway), and when
   * the query is made only of such words, the newest `RANK_BUDGET` matches are ranked (recency
   * is part of the score anyway; older ones are still reachable by vector search and by dates).
   */
  searchText(terms: string[], allWords: string[], filters: IndexFilters, limit: number): Array<{ rid: number; bm25: number }> {
    // A time range narrows the rows FTS5 walks: records are appended roughly in time order.
    const span = filters.since !== undefined || filters.until !== undefined ? this.ridSpan(filters.since, filters.until) : undefined;
    if (span === null) return [];
    const range = span ? ` AND records_fts.rowid BETWEEN ${span[0]} AND ${span[1]}` : '';
    const unique = [...new Set(terms)];
    const counts = unique.map((t) => this.countMatches(quote(t), range, RANK_BUDGET + 1));
    const rare = unique.filter((_, i) => counts[i] <= RANK_BUDGET);
    const kept = rare.length > 0 ? rare : unique;
    const parts = kept.map(quote);
    // The exact wording as a phrase, when every word of it is rare enough to be cheap to check.
    const rareSet = new Set(rare);
    if (allWords.length > 1 && allWords.every((w) => rareSet.has(w))) parts.unshift(quote(allWords.join(' ')));
    const match = parts.join(' OR ');
    const keptCount = rare.length > 0 ? counts.filter((c) => c <= RANK_BUDGET).reduce((a, b) => a + b, 0) : Infinity;
    const where = this.filterSql(filters, 'r');
    // The window is taken over matches before the other filters: walking matches joined to
    // `records` costs as much as ranking them. A project filter over words that are all common
    // may then return fewer text hits; the vector half still scans that project in full.
    const floor = keptCount > RANK_BUDGET ? this.nthNewestMatch(match, range, RANK_BUDGET) : undefined;
    const sql = `SELECT r.rid AS rid, bm25(records_fts, ${BM25_WEIGHTS}) AS score FROM records_fts JOIN records r ON r.rid = records_fts.rowid
      WHERE records_fts MATCH ?${range}${floor !== undefined ? ' AND records_fts.rowid >= ?' : ''}${where.sql} ORDER BY score LIMIT ?`;
    const rows = this.stmt(sql).all([match, ...(floor !== undefined ? [floor] : []), ...where.params, limit]) as Array<{ rid: number; score: number }>;
    return rows.map((r) => ({ rid: Number(r.rid), bm25: Number(r.score) }));
  }

  /** Lowest and highest rid of the records in a time range (null: none), from the ts index. */
  private ridSpan(since: number | undefined, until: number | undefined): [number, number] | null {
    const row = this.stmt('SELECT min(rid) AS lo, max(rid) AS hi FROM records WHERE ts >= ? AND ts < ?').get([since ?? -8.64e15, until ?? 8.64e15]) as {
      lo: number | null;
      hi: number | null;
    };
    return row.lo === null || row.hi === null ? null : [Number(row.lo), Number(row.hi)];
  }

  /** How many records match, counting no further than `cap` (a rowid-only walk: no ranking, no join). */
  private countMatches(match: string, range: string, cap: number): number {
    const sql = `SELECT count(*) AS n FROM (SELECT rowid FROM records_fts WHERE records_fts MATCH ?${range} LIMIT ?)`;
    return Number((this.stmt(sql).get([match, cap]) as { n: number }).n);
  }

  /** The rowid of the n-th newest match, or undefined when there are fewer. */
  private nthNewestMatch(match: string, range: string, n: number): number | undefined {
    const sql = `SELECT rowid AS rid FROM records_fts WHERE records_fts MATCH ?${range} ORDER BY rowid DESC LIMIT 1 OFFSET ?`;
    const row = this.stmt(sql).get([match, n - 1]) as { rid: number } | null;
    return row ? Number(row.rid) : undefined;
  }

  /** Records under the filters, newest first: a query that is only a time range ("yesterday"). */
  searchRecent(filters: IndexFilters, limit: number): number[] {
    const where = this.filterSql(filters, 'r');
    const sql = `SELECT r.rid AS rid FROM records r WHERE 1${where.sql} ORDER BY r.ts DESC LIMIT ?`;
    return (this.stmt(sql).all([...where.params, limit]) as Array<{ rid: number }>).map((r) => Number(r.rid));
  }

  /** True when some record touched `file` (a path, a file name, or a folder ending in /). */
  knowsFile(file: string): boolean {
    const where = this.filterSql({ file }, 'r');
    return this.stmt(`SELECT 1 AS hit FROM records r WHERE 1${where.sql} LIMIT 1`).get(where.params) !== null;
  }

  /** Vector slots of the records that carry the tag and touched the file in `filters`, for prefiltering. */
  slotsFor(filters: Pick<IndexFilters, 'tag' | 'file'>): Int32Array {
    const where = this.filterSql({ tag: filters.tag, file: filters.file }, 'r');
    const rows = this.stmt(`SELECT r.slot AS slot FROM records r WHERE r.slot IS NOT NULL${where.sql}`).all(where.params) as Array<{ slot: number }>;
    return Int32Array.from(rows, (r) => Number(r.slot));
  }

  /** rid and record for each vector slot given (slots with no record are left out). */
  bySlots(slots: number[]): Map<number, StoredRow> {
    return this.fetch(`slot IN (${slots.map(() => '?').join(',')})`, slots, (row) => Number(row.slot));
  }

  byRids(rids: number[]): Map<number, StoredRow> {
    return this.fetch(`rid IN (${rids.map(() => '?').join(',')})`, rids, (row) => row.rid);
  }

  close(): void {
    for (const s of this.statements.values()) if (!s.isFinalized) s.finalize();
    this.statements.clear();
    if (this.db.isOpen) this.db.close();
  }

  private fetch(where: string, values: number[], key: (row: StoredRow) => number): Map<number, StoredRow> {
    const out = new Map<number, StoredRow>();
    if (values.length === 0) return out;
    const rows = this.db.all(`SELECT rid, slot, body FROM records WHERE ${where}`, values) as Array<{ rid: number; slot: number | null; body: string }>;
    for (const r of rows) {
      const row: StoredRow = { rid: Number(r.rid), slot: r.slot === null ? null : Number(r.slot), record: JSON.parse(r.body) as MemoryRecord };
      out.set(key(row), row);
    }
    return out;
  }

  private deleteSide(rid: number): void {
    this.stmt('DELETE FROM records_fts WHERE rowid = ?').run([rid]);
    this.stmt('DELETE FROM record_tags WHERE rid = ?').run([rid]);
    this.stmt('DELETE FROM record_files WHERE rid = ?').run([rid]);
  }

  private filterSql(filters: IndexFilters, alias: string): { sql: string; params: Array<string | number> } {
    let sql = '';
    const params: Array<string | number> = [];
    if (filters.kinds?.length) {
      sql += ` AND ${alias}.kind IN (${filters.kinds.map(() => '?').join(',')})`;
      params.push(...filters.kinds);
    }
    if (filters.project !== undefined) {
      sql += ` AND ${alias}.pid = ?`;
      params.push(this.knownProjectId(filters.project));
    }
    if (filters.since !== undefined) {
      sql += ` AND ${alias}.ts >= ?`;
      params.push(filters.since);
    }
    if (filters.until !== undefined) {
      sql += ` AND ${alias}.ts < ?`;
      params.push(filters.until);
    }
    if (filters.tag !== undefined) {
      sql += ` AND ${alias}.rid IN (SELECT rid FROM record_tags WHERE tag = ?)`;
      params.push(filters.tag.toLowerCase());
    }
    if (filters.file !== undefined) {
      const file = filters.file.replace(/\\/g, '/').replace(/^\.\//, '');
      if (file.endsWith('/')) {
        // A folder: every path below it, as an index range rather than a LIKE scan.
        sql += ` AND ${alias}.rid IN (SELECT rid FROM record_files WHERE path >= ? AND path < ?)`;
        params.push(file, `${file.slice(0, -1)}0`);
      } else {
        sql += ` AND ${alias}.rid IN (SELECT rid FROM record_files WHERE base = ? AND (path = ? OR substr(path, -?) = ?))`;
        params.push(baseName(file), file, file.length + 1, `/${file}`);
      }
    }
    return { sql, params };
  }

  private loadProjects(): void {
    for (const row of this.db.all('SELECT pid, name FROM projects') as Array<{ pid: number; name: string }>) this.rememberProject(row.name, Number(row.pid));
  }

  private rememberProject(name: string, id: number): void {
    this.projectIds.set(name, id);
    if (!this.projectsLower.has(name.toLowerCase())) this.projectsLower.set(name.toLowerCase(), id);
  }

  private stmt(sql: string): Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      // Filter combinations are few, but a long-running engine must not grow this without bound.
      if (this.statements.size > 200) this.evictOne();
      this.statements.set(sql, s);
    }
    return s;
  }

  private evictOne(): void {
    const [sql, s] = this.statements.entries().next().value as [string, Statement];
    s.finalize();
    this.statements.delete(sql);
  }
}

/** Kind code used by the vector store's prefilter: position in MEMORY_KINDS + 1, 255 for others. */
export function kindCode(kind: string): number {
  const i = (MEMORY_KINDS as readonly string[]).indexOf(kind);
  return i < 0 ? 255 : i + 1;
}

/** The searchable words around the text: project, tags, entities, file paths. */
function extraText(record: MemoryRecord): string {
  return [record.project ?? '', ...record.tags, ...record.entities, ...recordFiles(record)].join(' ');
}

function baseName(path: string): string {
  const i = path.lastIndexOf('/');
  return (i < 0 ? path : path.slice(i + 1)).toLowerCase();
}

/** 32-bit FNV-1a: only used to notice that a record's text changed. */
function hashText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
