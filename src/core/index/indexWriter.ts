import type { MemoryChange } from '../memory/memoryChanges';
import type { MemoryRecord } from '../memory/record';
import type { Embedder } from './embedder';
import { kindCode, type FtsStore } from './ftsStore';
import { recordFiles } from './recordFields';
import type { SlotMeta, VectorStore } from './vectorStore';

/**
 * Applies memory changes to both halves of the index. Metadata and full text are written in one
 * SQLite transaction with the feed cursor, so a batch lands whole or not at all; vectors are
 * computed afterwards (embedding may be slow or fail: an Ollama server that went away), and a
 * record without a vector is still found by full text until the background fill embeds it.
 */
export class IndexWriter {
  constructor(
    private readonly fts: FtsStore,
    private vectors: VectorStore,
    private embedder: Embedder,
  ) {}

  /** Switches to a new embedder and its (empty) vector store. */
  replaceEmbedder(embedder: Embedder, vectors: VectorStore): void {
    this.embedder = embedder;
    this.vectors = vectors;
  }

  /**
   * Applies changes in order and stores `cursor` with them; returns the rows whose text is new or
   * changed, which still need a vector.
   */
  apply(changes: MemoryChange[], cursor?: string): number[] {
    const pending = new Set<number>();
    this.fts.transaction(() => {
      for (const change of changes) {
        if (change.type === 'remove') {
          const removed = this.fts.remove(change.id);
          if (removed?.slot != null) this.vectors.remove(removed.slot);
          continue;
        }
        const result = this.fts.upsert(change.record);
        const meta = slotMeta(change.record, result.projectId);
        if (!result.textChanged && result.slot !== null) {
          this.vectors.setMeta(result.slot, meta);
          continue;
        }
        if (result.slot !== null) {
          // The text changed: the old vector no longer describes it.
          this.vectors.remove(result.slot);
          this.fts.setSlot(result.rid, null);
        }
        pending.add(result.rid);
      }
      if (cursor !== undefined) this.fts.setMeta('cursor', cursor);
    });
    this.vectors.flush();
    return [...pending];
  }

  /** Embeds the given rows (those still present) and stores their vectors; returns how many. */
  async embedRows(rids: number[], batchSize: number): Promise<number> {
    let done = 0;
    for (let i = 0; i < rids.length; i += batchSize) {
      const rows = [...this.fts.byRids(rids.slice(i, i + batchSize)).values()];
      done += await this.embedRecords(rows.map((r) => ({ rid: r.rid, record: r.record })));
    }
    return done;
  }

  /** Embeds up to `limit` rows that have no vector yet (after a rebuild or an embedder change). */
  async fillSome(limit: number): Promise<number> {
    return this.embedRecords(this.fts.unembedded(limit));
  }

  private async embedRecords(rows: Array<{ rid: number; record: MemoryRecord }>): Promise<number> {
    if (rows.length === 0) return 0;
    const embedder = this.embedder;
    const vectors = await embedder.embed(rows.map((r) => embeddingText(r.record)));
    // The embedder may have been replaced while this batch was being embedded: drop the result.
    if (embedder !== this.embedder) return 0;
    const store = this.vectors;
    let stored = 0;
    const placed: Array<{ rid: number; slot: number }> = [];
    for (let i = 0; i < rows.length; i++) {
      const { rid, record } = rows[i];
      const v = vectors[i];
      if (!v) continue;
      placed.push({ rid, slot: store.put(undefined, v, slotMeta(record, this.fts.projectId(record.project))) });
    }
    // Vectors reach the file before SQLite points at them; a crash in between leaves unreferenced
    // rows, which the next open reconciles (see memoryIndex.ts).
    store.flush();
    this.fts.transaction(() => {
      for (const { rid, slot } of placed) {
        this.fts.setSlot(rid, slot);
        stored++;
      }
    });
    return stored;
  }
}

/** What the vector describes: the text, plus the names a question might use for it. */
export function embeddingText(record: MemoryRecord): string {
  const files = recordFiles(record).map((p) => p.slice(p.lastIndexOf('/') + 1));
  return [record.text, record.project ?? '', ...record.entities, ...record.tags, ...files].join('\n');
}

function slotMeta(record: MemoryRecord, project: number): SlotMeta {
  return { ts: Date.parse(record.ts), kind: kindCode(record.kind), project };
}
