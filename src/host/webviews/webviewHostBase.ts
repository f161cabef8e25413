import type { Messenger } from '../../protocol/messenger';
import type { WebviewSession } from './webviewSession';

/** What a side-bar view and an editor panel do alike once their page is up: visibility, snapshots and live events. */
export abstract class WebviewHostBase<S> {
  protected session: WebviewSession<S> | undefined;
  /** Deliveries waiting for the page's ready handshake. */
  protected readonly pending: ((messenger: Messenger) => void)[] = [];

  get visible(): boolean {
    return this.session?.live === true;
  }

  /** Pushes the current snapshot, or marks the page stale while it is hidden. */
  refresh(force = false): void {
    this.session?.refresh(force);
  }

  /** Sends a live event to a visible page (missed events are covered by the next snapshot). */
  send(deliver: (messenger: Messenger) => void): void {
    this.session?.send(deliver);
  }
}
