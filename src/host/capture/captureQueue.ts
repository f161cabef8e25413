import type * as vscode from 'vscode';
import type { CaptureEvent, CaptureEventOf } from '../../core/capture/captureEvent';

export interface CaptureQueueOptions {
  /** Sends one batch to the engine; rejects when the engine is unreachable. */
  send(events: CaptureEvent[]): Promise<unknown>;
  log(level: 'warn' | 'error', message: string): void;
  /** How long events wait before a batch goes out. */
  flushMs?: number;
  /** A batch goes out at once when this many events wait. */
  maxBatch?: number;
  /** Events kept while the engine is down; beyond that the oldest are dropped (and counted). */
  maxPending?: number;
}

type EditEvent = CaptureEventOf<'file/edited'>;

/**
 * Collects events on the extension host with constant work per event and sends them to the engine
 * in batches. Consecutive edits of one file inside a batch window are merged into one event, so
 * typing costs an object update, not a message per keystroke.
 */
export class CaptureQueue implements vscode.Disposable {
  private pending: CaptureEvent[] = [];
  private openEdits = new Map<string, EditEvent>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private sending: Promise<void> = Promise.resolve();
  private dropped = 0;
  private readonly flushMs: number;
  private readonly maxBatch: number;
  private readonly maxPending: number;

  constructor(private readonly options: CaptureQueueOptions) {
    this.flushMs = options.flushMs ?? 2000;
    this.maxBatch = options.maxBatch ?? 1000;
    this.maxPending = options.maxPending ?? 20_000;
  }

  push(event: CaptureEvent): void {
    if (event.type === 'file/edited') {
      const open = this.openEdits.get(event.file);
      if (open) {
        open.linesAdded += event.linesAdded;
        open.linesRemoved += event.linesRemoved;
        return;
      }
      this.openEdits.set(event.file, event);
    } else if (event.type === 'file/saved') {
      // A save closes the burst: later edits start a new event.
      this.openEdits.delete(event.file);
    }
    this.pending.push(event);
    if (this.pending.length > this.maxPending) {
      this.pending.shift();
      this.dropped++;
    }
    if (this.pending.length >= this.maxBatch) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.flushMs);
  }

  get size(): number {
    return this.pending.length;
  }

  /** Sends what is waiting; resolves when the engine has taken it (or failed to). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    this.openEdits.clear();
    if (this.dropped > 0) {
      this.options.log('warn', `Capture dropped ${this.dropped} events while the engine was unreachable.`);
      this.dropped = 0;
    }
    if (batch.length === 0) return this.sending;
    this.sending = this.sending.then(() =>
      this.options.send(batch).then(
        () => undefined,
        (error: unknown) => {
          // Keep them for the next try, ahead of newer events, within the cap.
          this.pending = [...batch, ...this.pending].slice(-this.maxPending);
          this.options.log('warn', `Capture could not reach the engine (${error instanceof Error ? error.message : String(error)}); ${this.pending.length} events wait.`);
          this.timer ??= setTimeout(() => void this.flush(), this.flushMs * 5);
        },
      ),
    );
    return this.sending;
  }

  /** Forgets what has not been sent (pause, "forget the last hour"). */
  clear(): void {
    this.pending = [];
    this.openEdits.clear();
  }

  dispose(): void {
    void this.flush();
  }
}
