import { join } from 'node:path';
import type { MemoryHit, MemorySearchResult, MemoryStats } from '../../protocol/memoryProtocol';
import { chooseEmbedder, embedderChoiceFromSettings, rankingFromSettings } from '../index/embedderChoice';
import type { SearchHit } from '../index/indexSearch';
import { MemoryIndex, type IndexProgress } from '../index/memoryIndex';
import type { MemoryKind } from '../memory/record';
import { openProfileStore, type ProfileStore } from '../profile/profileStore';
import type { EngineSettings } from './engineSettings';

export interface EngineServicesPorts {
  log(level: 'info' | 'warn' | 'error', message: string): void;
  /** The index rebuilt or re-embedded some records. */
  onIndexProgress(progress: IndexProgress | { phase: 'done'; done: number }): void;
  /** The memory changed: written here, by another window or by the CLI. */
  onMemoryChanged(counts: { upserts: number; removes: number }): void;
}

export interface SearchParams {
  query: string;
  k?: number;
  kinds?: MemoryKind[];
  project?: string;
  file?: string;
  since?: string;
  until?: string;
}

/** How often the index looks for writes made by other windows or the CLI. */
const TAIL_INTERVAL_MS = 1000;

/**
 * The profile store and the memory index of one engine, opened on first use (never at start-up:
 * the status request and diagnostics must not create a profile folder) and closed together.
 */
export class EngineServices {
  private store?: Promise<ProfileStore>;
  private index?: Promise<MemoryIndex>;
  private tail?: ReturnType<typeof setInterval>;
  private closed = false;

  constructor(
    private readonly settings: EngineSettings,
    private readonly ports: EngineServicesPorts,
  ) {}

  openStore(): Promise<ProfileStore> {
    if (this.closed) return Promise.reject(new Error('The MetaHuman engine is shutting down.'));
    this.store ??= openProfileStore(this.settings.profilePath, {
      actor: this.settings.actor ?? 'engine',
      logger: { warn: (message: string) => this.ports.log('warn', message) },
    });
    return this.store;
  }

  openIndex(): Promise<MemoryIndex> {
    this.index ??= this.createIndex();
    return this.index;
  }

  private async createIndex(): Promise<MemoryIndex> {
    const store = await this.openStore();
    const { embedder, warning } = await chooseEmbedder(embedderChoiceFromSettings(this.settings.values));
    if (warning) this.ports.log('warn', warning);
    const index = await MemoryIndex.open({
      dir: join(store.dir, 'index'),
      feed: store.memory,
      embedder,
      ranking: rankingFromSettings(this.settings.values),
      log: (level, message) => this.ports.log(level, message),
      onProgress: (progress) => this.ports.onIndexProgress(progress),
    });
    this.tail = setInterval(() => void this.syncIndex(index), TAIL_INTERVAL_MS);
    this.tail.unref?.();
    return index;
  }

  private async syncIndex(index: MemoryIndex): Promise<void> {
    try {
      const counts = await index.sync();
      if (counts.upserts + counts.removes > 0) this.ports.onMemoryChanged(counts);
    } catch (error) {
      this.ports.log('warn', `Could not bring the memory index up to date: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  async search(params: SearchParams): Promise<MemorySearchResult> {
    const index = await this.openIndex();
    await index.sync();
    const result = await index.search({
      query: params.query,
      k: params.k,
      filters: {
        kinds: params.kinds,
        project: params.project,
        file: params.file,
        since: params.since ? Date.parse(params.since) : undefined,
        until: params.until ? Date.parse(params.until) : undefined,
      },
    });
    return { hits: result.hits.map(toMemoryHit), time: result.time, tookMs: result.tookMs };
  }

  async addNote(text: string, project?: string): Promise<{ id: string }> {
    const store = await this.openStore();
    const record = await store.memory.append({ kind: 'note', text, source: 'vscode:note', project });
    await this.syncAfterWrite();
    return { id: record.id };
  }

  async forget(id: string): Promise<{ forgotten: boolean }> {
    const store = await this.openStore();
    if (!(await store.memory.get(id))) return { forgotten: false };
    await store.memory.forget(id, 'forgotten by the person');
    await this.syncAfterWrite();
    return { forgotten: true };
  }

  async stats(): Promise<MemoryStats> {
    const store = await this.openStore();
    const index = await this.openIndex();
    await index.sync();
    const status = index.status();
    const disk = index.diskBytes();
    return {
      byKind: await store.memory.counts(),
      indexed: status.records,
      embedded: status.embedded,
      embedder: status.embedder.label,
      indexBytes: disk.sqlite + disk.vectors,
    };
  }

  /** Writes of this engine are searchable as soon as the request that made them answers. */
  private async syncAfterWrite(): Promise<void> {
    if (!this.index) return;
    const counts = await (await this.index).sync();
    this.ports.onMemoryChanged(counts);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.tail) clearInterval(this.tail);
    const index = await this.index?.catch(() => undefined);
    await index?.close();
    const store = await this.store?.catch(() => undefined);
    await store?.close();
  }
}

function toMemoryHit(hit: SearchHit): MemoryHit {
  return {
    id: hit.id,
    ts: hit.ts,
    kind: hit.kind,
    text: hit.record.text,
    ...(hit.record.project ? { project: hit.record.project } : {}),
    score: hit.score,
    why: explainHit(hit),
  };
}

/** The score parts in a few words, for a tooltip or a list's detail line. */
export function explainHit(hit: SearchHit): string {
  const p = hit.parts;
  const parts: string[] = [];
  if (p.timeOnly) parts.push('in the time asked for');
  if (p.text) parts.push(`words #${p.text.rank}`);
  if (p.vector) parts.push(`similar #${p.vector.rank} (${p.vector.similarity.toFixed(2)})`);
  if (p.entities.length > 0) parts.push(`mentions ${p.entities.join(', ')}`);
  if (p.recency < 0.9) parts.push('older');
  return parts.join(' · ') || 'related';
}
