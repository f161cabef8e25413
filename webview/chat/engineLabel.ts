import type { ChatViewState } from '../../src/protocol/chatViewProtocol';

/** One line saying what the engine is doing, for the status row and screen readers. */
export function describeEngine(view: ChatViewState | undefined): string {
  if (!view) return 'Connecting to MetaHuman…';
  if (view.status) return `Engine ready · MetaHuman ${view.status.version} (${view.status.runtime})`;
  switch (view.engine) {
    case 'starting':
      return 'Engine starting…';
    case 'crashed':
      return 'Engine restarting after a crash…';
    case 'failed':
      return 'Engine stopped';
    case 'ready':
      return 'Engine ready';
    default:
      return 'Engine idle: it starts when needed';
  }
}
