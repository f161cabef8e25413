import { Worker } from 'node:worker_threads';
import type { EngineSettings } from '../../core/engine/engineSettings';
import { EngineLogNotification, EngineShutdownRequest } from '../../protocol/engineProtocol';
import type { ChunkOf, NotificationType, ParamsOf, RequestType, ResultOf, StreamType } from '../../protocol/messageTypes';
import { Messenger, type CallOptions } from '../../protocol/messenger';
import { nodePortTransport } from '../../protocol/transport';

/** How long a stopping engine may take to close its files before it is terminated. */
const SHUTDOWN_GRACE_MS = 3000;

export type EngineState = 'stopped' | 'starting' | 'ready' | 'crashed' | 'failed';

export type EngineLog = (level: 'trace' | 'debug' | 'info' | 'warn' | 'error', message: string) => void;

export interface EngineHostOptions {
  /** The engine worker bundle (dist/engine.js). */
  workerPath: string;
  settings: EngineSettings;
  /** Registers what the host answers for the engine (secrets, `vscode.lm`) on each new worker's messenger. */
  registerHostHandlers?: (messenger: Messenger) => void;
  log: EngineLog;
  /** Default time a request may take before it fails with a clear error. */
  requestTimeoutMs: number;
  /** Crashes tolerated within `crashWindowMs` before the engine stays down until asked again. */
  maxCrashes?: number;
  crashWindowMs?: number;
  /** Called on every state change (status bar, views). */
  onStateChange?: (state: EngineState, detail?: string) => void;
}

/**
 * Owns the engine worker: starts it lazily on first use, relays typed requests and streams,
 * reports a crash and restarts it (with a crash budget), and stops it on dispose.
 * Has no `vscode` import so it is tested in plain Node against the real worker bundle.
 */
export class EngineHost {
  private worker: Worker | undefined;
  private messenger: Messenger | undefined;
  private state: EngineState = 'stopped';
  private crashTimes: number[] = [];
  private restartTimer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;
  private settings: EngineSettings;

  constructor(private readonly options: EngineHostOptions) {
    this.settings = options.settings;
  }

  get currentState(): EngineState {
    return this.state;
  }

  request<T extends RequestType>(type: T, params: ParamsOf<T>, options?: CallOptions): Promise<ResultOf<T>> {
    return this.ensureStarted().request(type, params, options);
  }

  stream<T extends StreamType>(type: T, params: ParamsOf<T>, options?: CallOptions): AsyncGenerator<ChunkOf<T>, void, undefined> {
    return this.ensureStarted().stream(type, params, options);
  }

  /** Tells a running engine something (never starts one: a pulse of activity is not worth a worker). */
  notifyIfRunning<T extends NotificationType>(type: T, params: ParamsOf<T>): void {
    if (this.messenger && !this.messenger.isClosed) this.messenger.notify(type, params);
  }

  /** Starts the worker now if it is not running (used after start-up finished to warm it). */
  start(): void {
    this.ensureStarted();
  }

  /** Stops the worker and starts a fresh one, e.g. after the profile folder setting changed. */
  async restart(settings: EngineSettings = this.settings): Promise<void> {
    this.settings = settings;
    await this.stop('the engine is restarting');
    this.crashTimes = [];
    this.ensureStarted();
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.stop('MetaHuman was deactivated');
  }

  private ensureStarted(): Messenger {
    if (this.disposed) throw new Error('The MetaHuman engine has been shut down.');
    if (this.messenger && !this.messenger.isClosed) return this.messenger;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    this.setState('starting');
    const startedAt = performance.now();
    const worker = new Worker(this.options.workerPath, {
      workerData: { settings: this.settings },
      stderr: false,
      stdout: false,
    });
    const messenger = new Messenger(nodePortTransport(worker), {
      peerName: 'The MetaHuman engine',
      timeoutMs: this.options.requestTimeoutMs,
      log: (level, message) => this.options.log(level, message),
    });
    messenger.onNotification(EngineLogNotification, ({ level, message }) => this.options.log(level, `[engine] ${message}`));
    this.options.registerHostHandlers?.(messenger);
    worker.once('online', () => {
      this.options.log('info', `Engine worker online in ${(performance.now() - startedAt).toFixed(1)} ms.`);
      if (this.worker === worker) this.setState('ready');
    });
    worker.once('error', (error) => this.onWorkerDown(worker, `crashed: ${error.message}`));
    worker.once('exit', (code) => this.onWorkerDown(worker, `exited with code ${code}`));
    this.worker = worker;
    this.messenger = messenger;
    return messenger;
  }

  private onWorkerDown(worker: Worker, what: string): void {
    if (this.worker !== worker) return; // an old worker we already replaced or stopped
    const reason = `the MetaHuman engine ${what}`;
    this.messenger?.close(reason);
    this.worker = undefined;
    this.messenger = undefined;
    if (this.disposed) return;
    const now = Date.now();
    const windowMs = this.options.crashWindowMs ?? 120_000;
    this.crashTimes = [...this.crashTimes.filter((t) => now - t < windowMs), now];
    if (this.crashTimes.length > (this.options.maxCrashes ?? 3)) {
      this.options.log('error', `${capitalize(reason)}; it crashed ${this.crashTimes.length} times in ${windowMs / 1000} s and will start again only when asked.`);
      this.setState('failed', reason);
      return;
    }
    const delay = 250 * 2 ** (this.crashTimes.length - 1);
    this.options.log('error', `${capitalize(reason)}; restarting in ${delay} ms.`);
    this.setState('crashed', reason);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      if (!this.disposed && !this.messenger) this.ensureStarted();
    }, delay);
  }

  private async stop(reason: string): Promise<void> {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    const worker = this.worker;
    const messenger = this.messenger;
    this.worker = undefined;
    this.messenger = undefined;
    // Let the engine finish queued writes and release the profile lock; a stuck one is terminated anyway.
    if (messenger && !messenger.isClosed) await messenger.request(EngineShutdownRequest, {}, { timeoutMs: SHUTDOWN_GRACE_MS }).catch(() => undefined);
    messenger?.close(reason);
    if (worker) await worker.terminate();
    // A request during the shutdown may have started a fresh worker (another window's engine can share
    // the profile the same way); its state stands.
    if (!this.worker) this.setState('stopped');
  }

  private setState(state: EngineState, detail?: string): void {
    if (this.state === state && detail === undefined) return;
    this.state = state;
    this.options.onStateChange?.(state, detail);
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
