import type { Frame } from './frames';

/** Moves frames between two ends: webview postMessage, worker_threads, or in-process for tests. */
export interface Transport {
  send(frame: Frame): void;
  /** Registers the receiver of raw incoming data (validated by the messenger); returns an unsubscribe. */
  onReceive(listener: (data: unknown) => void): () => void;
}

/**
 * Anything with `postMessage` and `on/off('message')`: a Node `Worker`, `parentPort` or `MessagePort`.
 * Declared structurally so this module needs no Node import and stays usable everywhere.
 */
export interface NodeMessagePortLike {
  postMessage(value: unknown): void;
  on(event: 'message', listener: (value: unknown) => void): unknown;
  off(event: 'message', listener: (value: unknown) => void): unknown;
}

export function nodePortTransport(port: NodeMessagePortLike): Transport {
  return {
    send: (frame) => port.postMessage(frame),
    onReceive(listener) {
      port.on('message', listener);
      return () => void port.off('message', listener);
    },
  };
}

/**
 * Two connected ends in one process, for tests and for the CLI. Delivery is asynchronous and
 * structured-cloned, like a real port, so tests see the same ordering and copying semantics.
 */
export function createInProcessPair(): [Transport, Transport] {
  const listeners: [Set<(data: unknown) => void>, Set<(data: unknown) => void>] = [new Set(), new Set()];
  const end = (mine: 0 | 1): Transport => ({
    send(frame) {
      const copy = structuredClone(frame);
      queueMicrotask(() => listeners[mine === 0 ? 1 : 0].forEach((l) => l(copy)));
    },
    onReceive(listener) {
      listeners[mine].add(listener);
      return () => void listeners[mine].delete(listener);
    },
  });
  return [end(0), end(1)];
}
