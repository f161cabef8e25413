import type * as vscode from 'vscode';

/**
 * Holds one of the engine's follow streams (`agents/follow`, `persona/follow`…) while a view lives:
 * the first chunk only says the watch is up; each later one calls `onChange`, one at a time (changes
 * meanwhile arrive as one more chunk). A stream ended by an engine restart is taken up again at the
 * next `start`, which the view's refresh calls; `stop` ends it when the view closes.
 */
export class EngineFollow implements vscode.Disposable {
  private current: AbortController | undefined;
  private disposed = false;

  constructor(
    private readonly open: (signal: AbortSignal) => AsyncIterable<unknown>,
    private readonly onChange: () => unknown,
  ) {}

  start(): void {
    if (this.current || this.disposed) return;
    const stop = new AbortController();
    this.current = stop;
    void (async () => {
      try {
        let first = true;
        for await (const _change of this.open(stop.signal)) {
          if (!first) await Promise.resolve().then(this.onChange).catch(() => undefined);
          first = false;
        }
      } catch {
        /* the engine stopped or restarted, or the view closed: the next start follows again */
      } finally {
        if (this.current === stop) this.current = undefined;
      }
    })();
  }

  stop(): void {
    this.current?.abort();
    this.current = undefined;
  }

  dispose(): void {
    this.disposed = true;
    this.stop();
  }
}
