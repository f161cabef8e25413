import * as vscode from 'vscode';
import { MemoryChangedNotification } from '../../protocol/memoryProtocol';
import type { Messenger } from '../../protocol/messenger';

/** Memory is written in bursts (a capture batch, an agent run): views reload at most this often. */
const SETTLE_MS = 1_500;

/**
 * The engine's "memory changed" notices as one editor event, settled so a burst of writes reloads a
 * view once. Views that show memory (the Memory panel, the dashboard) subscribe; the engine pushes,
 * nothing polls.
 */
export class MemoryChangeEvents implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  readonly onDidChange = this.emitter.event;

  /** Listens on a (re)started engine. */
  attach(messenger: Messenger): void {
    messenger.onNotification(MemoryChangedNotification, () => {
      if (this.timer) return;
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.emitter.fire();
      }, SETTLE_MS);
    });
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.emitter.dispose();
  }
}
