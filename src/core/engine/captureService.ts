import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { CapturePipeline } from '../capture/capturePipeline';
import { captureSettingsFrom } from '../capture/captureSettings';
import { loadGitignores } from '../capture/privacy/gitignoreLoader';
import { readOrCreatePathSalt } from '../capture/privacy/pathHasher';
import { importGitRepository } from '../capture/replay/gitLog';
import { replayCommits, writeReplay } from '../capture/replay/replayCommitHistory';
import { loadSessionSnapshot, saveSessionSnapshot } from '../capture/sessions/sessionSnapshotFile';
import type { ProfileStore } from '../profile/profileStore';
import type { EngineSettings } from './engineSettings';

export interface CaptureServicePorts {
  openStore(): Promise<ProfileStore>;
  /** Makes what was just written searchable. */
  afterWrite(): Promise<void>;
  log(level: 'info' | 'warn' | 'error', message: string): void;
  /** Sessions ended and their summaries were written (the organizer runs on them). */
  onSessionEnd?(): void;
}

export interface CaptureBatchReport {
  accepted: number;
  filtered: number;
  rejected: number;
  written: number;
}

/** Ends idle bursts and sessions even when no event arrives. */
const TICK_MS = 60_000;

/**
 * Capture in the engine: events from the host's adapters go through the pipeline (validate, privacy
 * gate, redaction, session builder) into the memory log. The open sessions of this window are
 * kept in a snapshot file so a restart resumes them.
 */
export class CaptureService {
  private pipeline?: Promise<CapturePipeline>;
  private readonly rulesLoaded = new Map<string, string>();
  private timer?: ReturnType<typeof setInterval>;
  private snapshotFile?: string;

  constructor(
    private readonly settings: EngineSettings,
    private readonly ports: CaptureServicePorts,
  ) {}

  async ingest(events: readonly unknown[], filesExclude: readonly string[] = []): Promise<CaptureBatchReport> {
    const pipeline = await this.open();
    await this.loadRules(pipeline, events, filesExclude);
    const report = await pipeline.ingest(events);
    for (const r of report.rejected) this.ports.log('warn', `Capture refused event #${r.index}${r.type ? ` (${r.type})` : ''}: ${r.issue}`);
    const redactions = Object.entries(report.redacted);
    if (redactions.length > 0) this.ports.log('info', `Capture redacted ${redactions.map(([label, n]) => `${n} ${label}`).join(', ')}.`);
    const written = report.events + report.summaries;
    await this.afterWrite(pipeline, written, report.summaries);
    const filtered = Object.values(report.dropped).reduce((n, c) => n + (c ?? 0), 0);
    return { accepted: report.accepted, filtered, rejected: report.rejected.length, written };
  }

  /** Ends every open session now (pause, window closing, tests). */
  async flush(): Promise<{ written: number }> {
    if (!this.pipeline) return { written: 0 };
    const pipeline = await this.pipeline;
    const report = await pipeline.closeAll();
    const written = report.events + report.summaries;
    await this.afterWrite(pipeline, written, report.summaries);
    return { written };
  }

  /** "Forget the last hour": every captured record from `since` on, and what open sessions hold of it. */
  async forgetSince(since: string): Promise<{ forgotten: number }> {
    const from = Date.parse(since);
    if (Number.isNaN(from)) throw new Error(`"${since}" is not a time.`);
    const pipeline = await this.open();
    await pipeline.forgetSince(from);
    const store = await this.ports.openStore();
    const records = (await store.memory.list({ tag: 'capture' })).filter((r) => Date.parse(r.ts) >= from);
    for (const record of records) await store.memory.forget(record.id, 'forget the last hour');
    await this.afterWrite(pipeline, records.length);
    return { forgotten: records.length };
  }

  /** A repository's past as memories: `git log` replayed through the live session logic. */
  async importGit(folder: string, project: string, max?: number): Promise<{ events: number; sessions: number; filtered: number; skipped: number }> {
    const store = await this.ports.openStore();
    const base = captureSettingsFrom(this.settings.values);
    // An explicit request: the git source is on for it even where live capture of git is off.
    const settings = { ...base, privacy: { ...base.privacy, enabled: true, sources: { ...base.privacy.sources, git: true } } };
    const { commits, bad } = await importGitRepository(folder, { max });
    const gitignores = await loadGitignores(folder).catch(() => []);
    const result = replayCommits(commits, { workspace: { folder, name: project }, settings, pathSalt: settings.hashPaths ? readOrCreatePathSalt(store.dir) : undefined, gitignores }, bad);
    const report = await writeReplay(store.memory, result);
    if (report.events + report.sessions > 0) await this.ports.afterWrite();
    return { events: report.events, sessions: report.sessions, filtered: report.filtered, skipped: report.skipped.length };
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    const pipeline = await this.pipeline?.catch(() => undefined);
    if (pipeline) this.save(pipeline);
  }

  private open(): Promise<CapturePipeline> {
    this.pipeline ??= this.create();
    return this.pipeline;
  }

  private async create(): Promise<CapturePipeline> {
    const store = await this.ports.openStore();
    const settings = captureSettingsFrom(this.settings.values);
    // One snapshot per window (its workspace), so two windows never resume each other's sessions.
    const key = createHash('sha256').update(this.settings.workspaceKey ?? 'default').digest('hex').slice(0, 16);
    this.snapshotFile = join(store.dir, 'capture', `sessions-${key}.json`);
    const { snapshot, problem } = loadSessionSnapshot(this.snapshotFile);
    if (problem) this.ports.log('warn', problem);
    const pipeline = new CapturePipeline({
      sink: store.memory,
      settings,
      pathSalt: settings.hashPaths ? readOrCreatePathSalt(store.dir) : undefined,
      snapshot,
    });
    this.timer = setInterval(() => void this.tick(pipeline), TICK_MS);
    this.timer.unref?.();
    return pipeline;
  }

  private async tick(pipeline: CapturePipeline): Promise<void> {
    try {
      const report = await pipeline.tick();
      await this.afterWrite(pipeline, report.events + report.summaries, report.summaries);
    } catch (error) {
      this.ports.log('warn', `Capture could not close idle sessions: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** `.gitignore` rules are read here, in the worker, once per folder; `files.exclude` as the host sends it. */
  private async loadRules(pipeline: CapturePipeline, events: readonly unknown[], filesExclude: readonly string[]): Promise<void> {
    const folders = new Set<string>();
    for (const e of events) {
      const folder = (e as { workspace?: { folder?: unknown } } | null)?.workspace?.folder;
      if (typeof folder === 'string') folders.add(folder);
    }
    const excludeKey = JSON.stringify(filesExclude);
    for (const folder of folders) {
      if (this.rulesLoaded.get(folder) === excludeKey) continue;
      const gitignores = await loadGitignores(folder).catch(() => []);
      pipeline.setWorkspaceRules(folder, { gitignores, filesExclude });
      this.rulesLoaded.set(folder, excludeKey);
    }
  }

  private async afterWrite(pipeline: CapturePipeline, written: number, summaries = 0): Promise<void> {
    this.save(pipeline);
    if (written > 0) await this.ports.afterWrite();
    if (summaries > 0) this.ports.onSessionEnd?.();
  }

  private save(pipeline: CapturePipeline): void {
    if (!this.snapshotFile) return;
    try {
      saveSessionSnapshot(this.snapshotFile, pipeline.snapshot());
    } catch (error) {
      this.ports.log('warn', `Capture could not save its open sessions: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
