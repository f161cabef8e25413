import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ViewReadyCommand } from '../../src/protocol/chatViewProtocol';
import type { Messenger } from '../../src/protocol/messenger';
import { createHostMessenger } from './hostMessenger';

/**
 * A view's line to the extension host for as long as its element is on the page: a messenger made on
 * connect, its notifications wired, then "ready" so the host sends its state; disposed on disconnect.
 */
export class HostConnection implements ReactiveController {
  private current: Messenger | undefined;

  constructor(
    host: ReactiveControllerHost,
    private readonly wire: (messenger: Messenger) => void,
  ) {
    host.addController(this);
  }

  get messenger(): Messenger | undefined {
    return this.current;
  }

  hostConnected(): void {
    const messenger = createHostMessenger();
    this.current = messenger;
    this.wire(messenger);
    messenger.command(ViewReadyCommand, {});
  }

  hostDisconnected(): void {
    this.current?.dispose();
    this.current = undefined;
  }
}
