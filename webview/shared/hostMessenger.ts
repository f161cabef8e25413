import { Messenger } from '../../src/protocol/messenger';
import type { Transport } from '../../src/protocol/transport';
import { vscodeApi } from './vscodeApi';

/** The messenger's transport on the webview side: postMessage out, window message events in. */
export function hostTransport(): Transport {
  return {
    send: (frame) => vscodeApi().postMessage(frame),
    onReceive(listener) {
      const handler = (event: MessageEvent<unknown>) => listener(event.data);
      window.addEventListener('message', handler);
      return () => window.removeEventListener('message', handler);
    },
  };
}

export function createHostMessenger(timeoutMs = 60_000): Messenger {
  return new Messenger(hostTransport(), {
    peerName: 'The MetaHuman extension',
    timeoutMs,
    log: (level, message) => console[level](message),
  });
}
