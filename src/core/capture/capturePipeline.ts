import { parseCaptureEvents, type CaptureEvent, type RejectedCaptureEvent } from './captureEvent';
import type { CaptureSettings } from './captureSettings';
import { writeEmissions, type CaptureSink, type WriteReport } from './captureWriter';
import { CaptureGate, type DropReason } from './privacy/captureGate';
import { PathFilter, type GitignoreSource } from './privacy/pathFilter';
import { createPathHasher } from './privacy/pathHasher';
import { SessionBuilder } from './sessions/sessionBuilder';
import type { CaptureEmission, SessionOptions, SessionSnapshot } from './sessions/sessionTypes';

export interface CapturePipelineOptions {
  sink: CaptureSink;
  settings: CaptureSettings;
  /** The profile's path salt (`readOrCreatePathSalt`); needed when `hashPaths` is on. */
  pathSalt?: string;
  /** A snapshot saved earlier, so a session open at shutdown goes on. */
  snapshot?: SessionSnapshot;
  /** Builder options other than the idle gap (which comes from settings): clock, burst length, source prefix. */
  session?: Partial<Omit<SessionOptions, 'idleMs'>>;
}

/** Per workspace folder, what the engine learned about it (loaded off the host). */
export interface WorkspaceRules {
  gitignores?: readonly GitignoreSource[];
  /** `files.exclude` patterns that are on, as the host reports them. */
  filesExclude?: readonly string[];
}

export interface IngestReport extends WriteReport {
  accepted: number;
  rejected: RejectedCaptureEvent[];
  dropped: Partial<Record<DropReason, number>>;
  redacted: Record<string, number>;
}

/**
 * What the engine worker drives: validate → gate (settings, opt-out, paths, redaction, hashing) →
 * session builder → store. Writes are serialized, so overlapping batches and ticks never
 * interleave their id bindings. After each call the snapshot is current; persist it then.
 */
export class CapturePipeline {
  private settings: CaptureSettings;
  private builder: SessionBuilder;
  private gate: CaptureGate;
  private readonly rules = new Map<string, WorkspaceRules>();
  private readonly filters = new Map<string, PathFilter>();
  private queue: Promise<unknown> = Promise.resolve();
  private builderIdleMs: number;

  constructor(private readonly options: CapturePipelineOptions) {
    this.settings = options.settings;
    this.builderIdleMs = options.settings.idleMs;
    this.builder = new SessionBuilder({ ...options.session, idleMs: this.settings.idleMs }, options.snapshot);
    this.gate = this.makeGate();
  }

  /** Validates and records a batch from the host. Malformed events are reported, not recorded. */
  ingest(raw: readonly unknown[]): Promise<IngestReport> {
    return this.serialize(async () => {
      const { events, rejected } = parseCaptureEvents(raw);
      const admitted: CaptureEvent[] = [];
      const dropped: Partial<Record<DropReason, number>> = {};
      const redacted: Record<string, number> = {};
      for (const event of events) {
        const result = this.gate.admit(event);
        for (const [label, n] of Object.entries(result.redacted)) redacted[label] = (redacted[label] ?? 0) + n;
        if (result.event) admitted.push(result.event);
        else if (result.dropped) dropped[result.dropped] = (dropped[result.dropped] ?? 0) + 1;
      }
      const written = await writeEmissions(this.options.sink, this.builder, this.builder.push(admitted));
      return { ...written, accepted: admitted.length, rejected, dropped, redacted };
    });
  }

  /** Ends idle bursts and sessions; call on a timer (every minute is plenty). */
  tick(now?: number): Promise<WriteReport> {
    return this.serialize(() => this.write(this.builder.tick(now)));
  }

  /** Ends every open session now and writes its summary. */
  closeAll(): Promise<WriteReport> {
    return this.serialize(() => this.write(this.builder.closeAll()));
  }

  /** "Forget the last hour": the caller forgets the written records; this drops them from sessions in progress. */
  forgetSince(since: number): Promise<void> {
    return this.serialize(() => Promise.resolve(this.builder.forgetSince(since)));
  }

  updateSettings(settings: CaptureSettings): void {
    this.settings = settings;
    this.filters.clear();
    this.gate = this.makeGate();
    if (settings.idleMs !== this.builderIdleMs) {
      this.builder = new SessionBuilder({ ...this.options.session, idleMs: settings.idleMs }, this.builder.snapshot());
      this.builderIdleMs = settings.idleMs;
    }
  }

  /** New `.gitignore` rules or `files.exclude` for a folder (after the engine (re)loaded them). */
  setWorkspaceRules(folder: string, rules: WorkspaceRules): void {
    this.rules.set(folder, rules);
    this.filters.delete(folder);
  }

  snapshot(): SessionSnapshot {
    return this.builder.snapshot();
  }

  private makeGate(): CaptureGate {
    const hasher = this.settings.hashPaths && this.options.pathSalt ? createPathHasher(this.options.pathSalt) : undefined;
    return new CaptureGate(this.settings.privacy, { filterFor: (folder) => this.filterFor(folder), hasher });
  }

  private filterFor(folder: string): PathFilter {
    let filter = this.filters.get(folder);
    if (!filter) {
      const rules = this.rules.get(folder) ?? {};
      filter = new PathFilter({ excludeGlobs: this.settings.excludeGlobs, filesExclude: rules.filesExclude, gitignores: rules.gitignores });
      this.filters.set(folder, filter);
    }
    return filter;
  }

  private write(emissions: CaptureEmission[]): Promise<WriteReport> {
    return writeEmissions(this.options.sink, this.builder, emissions);
  }

  private serialize<T>(job: () => Promise<T>): Promise<T> {
    const run = this.queue.then(job, job);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
