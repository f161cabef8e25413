import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ChangeCursor, MemoryChange, MemoryChangeFeed } from '../memory/memoryChanges';
import type { Embedder } from './embedder';
import { FtsStore } from './ftsStore';
import type { IndexCompaction } from './indexCompaction';
import { IndexWriter } from './indexWriter';
import { searchIndex, type SearchRequest, type SearchResult } from './indexSearch';
import { createLexicalEmbedder } from './lexicalEmbedder';
import { DEFAULT_RANKING, type RankingOptions } from './ranking';
import { VectorStore } from './vectorStore';

/**
 * The memory index: a derived, deletable view of the memory logs in `<profile>/index/` that
 * answers hybrid searches. It tails the change feed from a persisted cursor, rebuilds itself from
 * the logs when its files are missing, corrupt or of an older format, and re-embeds in the
 * background when the embedder changes. Plain Node: it runs in the engine worker, the CLI and tests.
 */
export interface MemoryIndexOptions {
  /** The index folder, normally `<profile>/index`. Created when missing. */
  dir: string;
  feed: MemoryChangeFeed;
  /** Default: the built-in lexical embedder. */
  embedder?: Embedder;
  ranking?: Partial<RankingOptions>;
  onProgress?: (progress: IndexProgress) => void;
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
  /** The clock for "yesterday" and recency; injectable so results are reproducible. */
  now?: () => Date;
  /** Records per transaction and per embedding call (default 500). */
  batchSize?: number;
  /** Run the vector scan in JavaScript even where WebAssembly SIMD exists (tests of the fallback). */
  forceJsKernel?: boolean;
}

export interface IndexProgress {
  /** `rebuild`: reading every record from the logs; `embed`: computing vectors in the background. */
  phase: 'rebuild' | 'embed';
  done: number;
  /** Known for `embed`; a rebuild reads a stream of unknown length. */
  total?: number;
}

export interface IndexStatus {
  records: number;
  /** Records that have a vector; below `records` while embedding in the background. */
  embedded: number;
  embedder: { id: string; label: string; dimension: number };
  /** Why the index was rebuilt when it was opened, if it was. */
  rebuiltBecause?: string;
  embedding: boolean;
  vectorKernel: 'simd' | 'js';
  cursor: ChangeCursor;
}

const DB_FILE = 'memory.sqlite';
const VECTOR_FILE = 'vectors.bin';

export class MemoryIndex {
  private readonly ranking: RankingOptions;
  private readonly batchSize: number;
  private queue: Promise<unknown> = Promise.resolve();
  private filling: Promise<void> | undefined;
  private closed = false;
  private rebuiltBecause: string | undefined;
  private writer: IndexWriter;

  private constructor(
    private readonly options: MemoryIndexOptions,
    private fts: FtsStore,
    private vectors: VectorStore,
    private embedder: Embedder,
  ) {
    this.ranking = { ...DEFAULT_RANKING, ...options.ranking };
    this.batchSize = options.batchSize ?? 500;
    this.writer = new IndexWriter(fts, vectors, embedder);
  }

  /**
   * Opens the index in `options.dir` and brings it up to date with the feed. A missing, corrupt or
   * outdated index is rebuilt from `feed.scan()` (reported through `onProgress`), never thrown; a
   * feed that cannot be read is thrown, since nothing can be indexed without it.
   */
  static async open(options: MemoryIndexOptions): Promise<MemoryIndex> {
    const embedder = options.embedder ?? createLexicalEmbedder();
    mkdirSync(options.dir, { recursive: true });
    let fts: FtsStore;
    let rebuildReason: string | undefined;
    try {
      fts = FtsStore.open(join(options.dir, DB_FILE));
    } catch (error) {
      rebuildReason = existsSync(join(options.dir, DB_FILE)) ? `index unreadable (${message(error)})` : 'no index yet';
      removeIndexFiles(options.dir);
      fts = FtsStore.create(join(options.dir, DB_FILE));
    }
    const vectors = openVectors(options, fts, embedder);
    const index = new MemoryIndex(options, fts, vectors, embedder);
    if (rebuildReason) {
      index.rebuiltBecause = rebuildReason;
      index.log('info', `Rebuilding the memory index: ${rebuildReason}.`);
      await index.exclusive(() => index.rebuild());
    }
    await index.sync();
    index.startFill();
    return index;
  }

  /** Applies what the logs gained since the last call (appends, edits, forgets from any writer). */
  async sync(): Promise<{ upserts: number; removes: number }> {
    try {
      return await this.syncOnce();
    } catch (error) {
      if (!isCorruption(error)) throw error;
      // The files broke under us (disk error, a tool that touched them): start over from the logs.
      await this.exclusive(() => this.recover(`index damaged while open (${message(error)})`));
      return this.syncOnce();
    }
  }

  private syncOnce(): Promise<{ upserts: number; removes: number }> {
    return this.exclusive(async () => {
      const cursor = this.cursor();
      const batch = await this.options.feed.readChanges(cursor);
      const counts = { upserts: 0, removes: 0 };
      for (const c of batch.changes) counts[c.type === 'upsert' ? 'upserts' : 'removes']++;
      if (batch.changes.length === 0 && JSON.stringify(batch.cursor) === JSON.stringify(cursor)) return counts;
      for (let i = 0; i < batch.changes.length || i === 0; i += this.batchSize) {
        const slice = batch.changes.slice(i, i + this.batchSize);
        const last = i + this.batchSize >= batch.changes.length;
        const pending = this.writer.apply(slice, last ? JSON.stringify(batch.cursor) : undefined);
        await this.embedNow(pending);
      }
      return counts;
    });
  }

  /** Applies changes handed over directly (the engine's own writes), ahead of the next `sync`. */
  applyChanges(changes: MemoryChange[]): Promise<void> {
    return this.exclusive(async () => {
      await this.embedNow(this.writer.apply(changes));
    });
  }

  search(request: SearchRequest | string): Promise<SearchResult> {
    if (this.closed) return Promise.reject(new Error('The memory index is closed.'));
    const req = typeof request === 'string' ? { query: request } : request;
    return searchIndex({ fts: this.fts, vectors: this.vectors, embedder: this.embedder, ranking: this.ranking, now: this.now() }, req);
  }

  /**
   * Switches embedder. When its id differs from the one that built the vectors, the vectors are
   * dropped and recomputed in the background; full-text search keeps working meanwhile and vector
   * search covers what is done (`status().embedded`).
   */
  setEmbedder(embedder: Embedder): Promise<void> {
    return this.exclusive(() => {
      if (embedder.id === this.embedder.id) return;
      this.log('info', `Embedder changed from ${this.embedder.id} to ${embedder.id}: re-embedding in the background.`);
      this.vectors.close();
      rmSync(join(this.options.dir, VECTOR_FILE), { force: true });
      this.embedder = embedder;
      this.fts.clearSlots();
      this.fts.setMeta('embedder', embedder.id);
      this.vectors = VectorStore.open(join(this.options.dir, VECTOR_FILE), embedder.dimension, embedder.id, { forceJs: this.options.forceJsKernel }).store;
      this.fts.setMeta('vector_layout', String(this.vectors.layout));
      this.writer.replaceEmbedder(embedder, this.vectors);
      this.startFill();
    });
  }

  /** Resolves when background embedding has caught up (tests, the CLI, the benchmark). */
  async whenIdle(): Promise<void> {
    while (this.filling) await this.filling;
    await this.queue;
  }

  /** Starts tailing the feed every `intervalMs`; returns a stop function (harmless to call twice). */
  startTailing(intervalMs = 2000): () => void {
    const timer = setInterval(() => {
      this.sync().catch((error: unknown) => this.log('warn', `Memory index sync failed: ${message(error)}`));
    }, intervalMs);
    timer.unref?.();
    return () => clearInterval(timer);
  }

  status(): IndexStatus {
    return {
      records: this.fts.count(),
      embedded: this.vectors.size,
      embedder: { id: this.embedder.id, label: this.embedder.label, dimension: this.embedder.dimension },
      ...(this.rebuiltBecause ? { rebuiltBecause: this.rebuiltBecause } : {}),
      embedding: this.filling !== undefined,
      vectorKernel: this.vectors.kernelKind,
      cursor: this.cursor(),
    };
  }

  /**
   * Reclaims space after forgets and edits (the sleep service, nightly, on the index's owner):
   * merges the FTS5 segments, rewrites the vector file without its empty rows (slots renumbered
   * in SQLite in one transaction), then VACUUMs the database. Serialised with syncs and embedding.
   */
  compact(): Promise<IndexCompaction> {
    if (this.closed) return Promise.reject(new Error('The memory index is closed.'));
    return this.exclusive(() => {
      this.vectors.flush();
      const total = () => Object.values(this.diskBytes()).reduce((a, b) => a + b, 0);
      const bytesBefore = total();
      this.fts.optimize();
      const dropped = this.vectors.holes;
      if (dropped > 0) {
        const plan = this.vectors.planCompaction();
        this.vectors.writeCompacted(plan);
        try {
          this.fts.transaction(() => {
            this.fts.moveSlots(plan);
            this.fts.setMeta('vector_layout', String(this.vectors.layout + 1));
          });
        } catch (error) {
          this.vectors.discardCompacted();
          throw error;
        }
        this.vectors.adoptCompacted(plan);
      }
      let vacuumSkipped: string | undefined;
      try {
        this.fts.vacuum();
      } catch (error) {
        vacuumSkipped = message(error);
        this.log('warn', `The memory index could not be vacuumed: ${vacuumSkipped}`);
      }
      return { bytesBefore, bytesAfter: total(), vectorRowsDropped: dropped, ...(vacuumSkipped ? { vacuumSkipped } : {}) };
    });
  }

  /** Bytes of the index files on disk. */
  diskBytes(): { sqlite: number; journal: number; vectors: number } {
    const size = (f: string) => (existsSync(join(this.options.dir, f)) ? statSync(join(this.options.dir, f)).size : 0);
    return { sqlite: size(DB_FILE), journal: size(`${DB_FILE}-journal`), vectors: size(VECTOR_FILE) };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.whenIdle().catch(() => undefined);
    this.vectors.close();
    this.fts.close();
  }

  private async recover(reason: string): Promise<void> {
    this.log('warn', `Rebuilding the memory index: ${reason}.`);
    this.rebuiltBecause = reason;
    this.vectors.close();
    this.fts.close();
    removeIndexFiles(this.options.dir);
    this.fts = FtsStore.create(join(this.options.dir, DB_FILE));
    this.vectors = openVectors(this.options, this.fts, this.embedder);
    this.writer = new IndexWriter(this.fts, this.vectors, this.embedder);
    await this.rebuild();
  }

  private async rebuild(): Promise<void> {
    // Take the feed's position before scanning: whatever is written during the scan comes after
    // it and is applied again by the next sync (upserts and removes are idempotent). The profile
    // store offers the position directly; any other feed is read through once to learn it.
    const feed = this.options.feed as MemoryChangeFeed & { cursor?: () => Promise<ChangeCursor> };
    const cursor = JSON.stringify(typeof feed.cursor === 'function' ? await feed.cursor() : (await feed.readChanges({})).cursor);
    let done = 0;
    let batch: MemoryChange[] = [];
    const flush = () => {
      this.writer.apply(batch);
      done += batch.length;
      batch = [];
      this.options.onProgress?.({ phase: 'rebuild', done });
    };
    for await (const record of this.options.feed.scan()) {
      batch.push({ type: 'upsert', record });
      if (batch.length >= this.batchSize) flush();
    }
    flush();
    this.fts.setMeta('cursor', cursor);
    this.fts.setMeta('embedder', this.embedder.id);
  }

  /** Embeds freshly written rows before returning, so a search right after a sync finds them by vector too. */
  private async embedNow(rids: number[]): Promise<void> {
    if (rids.length === 0) return;
    try {
      await this.writer.embedRows(rids, this.batchSize);
    } catch (error) {
      // Full text already has them; the background fill retries the vectors.
      this.log('warn', `Embedding failed (${message(error)}); will retry in the background.`);
      this.startFill();
    }
  }

  /** Embeds every row without a vector, batch by batch, yielding to searches and syncs in between. */
  private startFill(): void {
    if (this.filling || this.closed || this.fts.countUnembedded() === 0) return;
    const total = this.fts.countUnembedded();
    this.filling = (async () => {
      let done = 0;
      let failures = 0;
      while (!this.closed) {
        let n: number;
        try {
          n = await this.exclusive(() => this.writer.fillSome(this.batchSize));
        } catch (error) {
          if (++failures >= 3) {
            this.log('error', `Background embedding stopped after ${failures} failures: ${message(error)}`);
            break;
          }
          await new Promise((r) => setTimeout(r, 1000 * failures));
          continue;
        }
        if (n === 0) break;
        done += n;
        this.options.onProgress?.({ phase: 'embed', done, total });
        await new Promise((r) => setImmediate(r));
      }
    })().finally(() => {
      this.filling = undefined;
    });
  }

  private cursor(): ChangeCursor {
    try {
      return JSON.parse(this.fts.getMeta('cursor') ?? '{}') as ChangeCursor;
    } catch {
      return {};
    }
  }

  private now(): () => Date {
    return this.options.now ?? (() => new Date());
  }

  /** Serialises writers: syncs, embedding batches and embedder switches never interleave. */
  private exclusive<T>(fn: () => T | Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private log(level: 'info' | 'warn' | 'error', text: string): void {
    this.options.log?.(level, text);
  }
}

/**
 * Opens the vectors and checks they belong with the database: same embedder, and as many live
 * rows as records pointing at one. Otherwise the vectors are dropped and re-embedded from the
 * text in SQLite, which needs no pass over the logs.
 */
function openVectors(options: MemoryIndexOptions, fts: FtsStore, embedder: Embedder): VectorStore {
  const path = join(options.dir, VECTOR_FILE);
  const opened = VectorStore.open(path, embedder.dimension, embedder.id, { forceJs: options.forceJsKernel });
  const built = fts.getMeta('embedder');
  let reason = opened.reset;
  if (!reason && built !== embedder.id) reason = `built by ${built ?? 'an unknown embedder'}, now ${embedder.id}`;
  if (!reason && fts.countEmbedded() !== opened.store.size) reason = 'vectors out of step with the database';
  // A compaction renumbers slots in both files; a crash between the two leaves different layouts.
  if (!reason && Number(fts.getMeta('vector_layout') ?? 0) !== opened.store.layout) reason = 'vector slots out of step with the database (an interrupted compaction)';
  if (reason && fts.count() > 0) {
    options.log?.('info', `Re-embedding memories in the background: ${reason}.`);
    opened.store.clear();
    fts.clearSlots();
  }
  fts.setMeta('embedder', embedder.id);
  fts.setMeta('vector_layout', String(opened.store.layout));
  return opened.store;
}

function removeIndexFiles(dir: string): void {
  for (const f of [DB_FILE, `${DB_FILE}-journal`, `${DB_FILE}-wal`, VECTOR_FILE, `${VECTOR_FILE}.compact`]) rmSync(join(dir, f), { force: true });
}

function isCorruption(error: unknown): boolean {
  return /malformed|not a database|SQLITE_CORRUPT|SQLITE_NOTADB|disk I\/O error/i.test(message(error));
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
