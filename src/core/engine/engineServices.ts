import type { MemoryHit, MemoryRecordView, MemorySearchResult, MemoryStats } from '../../protocol/memoryProtocol';
import { chooseEmbedder, embedderChoiceFromSettings, rankingFromSettings } from '../index/embedderChoice';
import type { SearchHit } from '../index/indexSearch';
import { MemoryIndex, type IndexProgress } from '../index/memoryIndex';
import type { MemoryKind, MemoryRecord } from '../memory/record';
import { openProfileStore, type ProfileStore } from '../profile/profileStore';
import type { AgentEvent } from '../../protocol/agentsProtocol';
import type { AgentId } from '../agents/agentTypes';
import { AgentService } from './agentService';
import { CaptureService } from './captureService';
import { ChatService } from './chatService';
import { DecisionService } from './decisionService';
import type { Messenger } from '../../protocol/messenger';
import type { EngineSettings } from './engineSettings';
import { placeIndex, type IndexPlacement } from './indexPlacement';
import { writeProfileSettings } from '../settings/profileSettings';

export interface EngineServicesPorts {
  log(level: 'info' | 'warn' | 'error', message: string): void;
  /** The index rebuilt or re-embedded some records. */
  onIndexProgress(progress: IndexProgress | { phase: 'done'; done: number }): void;
  /** The memory changed: written here, by another window or by the CLI. */
  onMemoryChanged(counts: { upserts: number; removes: number }): void;
  /** The extension host (secrets, `vscode.lm`); absent where there is none. */
  host?: Messenger;
  /** An agent run's output, start and end (any run: scheduled, triggered, asked for). */
  onAgentActivity?(agent: AgentId, runId: string, event: AgentEvent): void;
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
  private placement?: IndexPlacement;
  private leadershipWatch?: { dispose(): void };
  private closed = false;

  /** Editor activity into memory (src/core/capture), sharing this engine's store and index. */
  readonly capture: CaptureService;
  /** Conversations with the twin, grounded in this engine's store and index. */
  readonly chat: ChatService;
  /** The background agents: scheduled on the profile's leader, run on request anywhere. */
  readonly agents: AgentService;
  /** Proposals, approvals and skill runs: the one path every action of the twin takes. */
  readonly decisions: DecisionService;

  constructor(
    private readonly settings: EngineSettings,
    private readonly ports: EngineServicesPorts,
  ) {
    this.capture = new CaptureService(settings, {
      openStore: () => this.openStore(),
      afterWrite: () => this.syncAfterWrite(),
      log: (level, message) => ports.log(level, message),
      onSessionEnd: () => this.agents.sessionEnded(),
    });
    this.chat = new ChatService(settings, {
      openStore: () => this.openStore(),
      openIndex: () => this.openIndex(),
      afterWrite: () => this.syncAfterWrite(),
      log: (level, message) => ports.log(level, message),
      host: ports.host,
      propose: (input) => this.decisions.propose(input),
    });
    this.agents = new AgentService(settings, {
      openStore: () => this.openStore(),
      openIndex: () => this.openIndex(),
      afterWrite: () => this.syncAfterWrite(),
      log: (level, message) => ports.log(level, message),
      onActivity: (agent, runId, event) => ports.onAgentActivity?.(agent, runId, event),
      host: ports.host,
      // Agents act only by proposing; the decision engine decides, as for chat and the CLI.
      propose: (input) => this.decisions.propose(input),
    });
    this.decisions = new DecisionService(settings, {
      openStore: () => this.openStore(),
      openIndex: () => this.openIndex(),
      host: ports.host,
      log: (level, message) => ports.log(level, message),
    });
  }

  openStore(): Promise<ProfileStore> {
    if (this.closed) return Promise.reject(new Error('The MetaHuman engine is shutting down.'));
    if (!this.store) {
      this.store = openProfileStore(this.settings.profilePath, {
        actor: this.settings.actor ?? 'engine',
        logger: { warn: (message: string) => this.ports.log('warn', message) },
      });
      // The editor's settings, mirrored for `mh` in a terminal (only the editor's are the person's choice).
      if (this.settings.actor === 'vscode') {
        void this.store
          .then((store) => writeProfileSettings(store.files, this.settings.values, 'vscode', new Date()))
          .catch((error: unknown) => this.ports.log('warn', `The settings for mh could not be saved in the profile: ${error instanceof Error ? error.message : String(error)}`));
      }
      // With the profile open, this engine competes for leadership and, leading, runs the agents.
      void this.agents.start().catch((error: unknown) => this.ports.log('warn', `The agents did not start: ${error instanceof Error ? error.message : String(error)}`));
      void this.decisions.start().catch((error: unknown) => this.ports.log('warn', `The approval queue is not watched: ${error instanceof Error ? error.message : String(error)}`));
    }
    return this.store;
  }

  openIndex(): Promise<MemoryIndex> {
    if (!this.index) {
      this.index = this.createIndex();
      this.tail = setInterval(() => void this.syncIndex(), TAIL_INTERVAL_MS);
      this.tail.unref?.();
    }
    return this.index;
  }

  private async createIndex(): Promise<MemoryIndex> {
    const store = await this.openStore();
    const placement = await placeIndex(store);
    this.placement = placement;
    this.leadershipWatch ??= store.leadership.onLeadershipChange((leading) => {
      if (leading !== this.placement?.shared) void this.movePlacement();
    });
    if (!placement.shared) this.ports.log('info', 'Another window or mh command owns the shared memory index; this engine keeps a private one until it can take over.');
    const { embedder, warning } = await chooseEmbedder(embedderChoiceFromSettings(this.settings.values));
    if (warning) this.ports.log('warn', warning);
    return MemoryIndex.open({
      dir: placement.dir,
      feed: store.memory,
      embedder,
      ranking: rankingFromSettings(this.settings.values),
      log: (level, message) => this.ports.log(level, message),
      onProgress: (progress) => this.ports.onIndexProgress(progress),
    });
  }

  /** Leadership changed hands: switch between the shared index and a private one. */
  private async movePlacement(): Promise<void> {
    if (this.closed || !this.index) return;
    const previous = this.index;
    const previousPlacement = this.placement;
    this.index = this.createIndex();
    await this.index.catch(() => undefined);
    const old = await previous.catch(() => undefined);
    await old?.close();
    if (previousPlacement !== this.placement) previousPlacement?.release();
    this.ports.log('info', `The memory index is now ${this.placement?.shared ? 'the shared one' : 'private to this window'}.`);
  }

  private async syncIndex(): Promise<void> {
    try {
      const index = await this.index;
      const counts = (await index?.sync()) ?? { upserts: 0, removes: 0 };
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

  async get(id: string): Promise<MemoryRecordView | null> {
    const record = await (await this.openStore()).memory.get(id);
    return record ? memoryRecordView(record) : null;
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
    const counts = await (await this.openIndex()).sync();
    this.ports.onMemoryChanged(counts);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.agents.close();
    this.decisions.close();
    await this.capture.close();
    this.closed = true;
    if (this.tail) clearInterval(this.tail);
    this.leadershipWatch?.dispose();
    const index = await this.index?.catch(() => undefined);
    await index?.close();
    this.placement?.release();
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

/** A stored record as the protocol shows it. */
export function memoryRecordView(record: MemoryRecord): MemoryRecordView {
  return {
    id: record.id,
    kind: record.kind,
    ts: record.ts,
    text: record.text,
    source: record.source,
    ...(record.project ? { project: record.project } : {}),
    tags: record.tags,
    ...(record.validated !== undefined ? { validated: record.validated } : {}),
    links: record.links,
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
  if (hit.kind === 'dream') parts.push('a dream, ranked lower');
  if (p.supersededBy) parts.push(`superseded by ${p.supersededBy}, ranked lower`);
  if (p.duplicateOf) parts.push(`a duplicate of ${p.duplicateOf}, ranked lower`);
  if (p.markedWrong) parts.push('marked wrong by you, ranked lower');
  return parts.join(' · ') || 'related';
}
