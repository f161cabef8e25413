import type { ErrorPayload } from './frames';

/** The other side answered with an error; `code` says which kind. */
export class RemoteError extends Error {
  constructor(
    readonly method: string,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'RemoteError';
  }

  static from(method: string, payload: ErrorPayload): RemoteError {
    return new RemoteError(method, payload.code, payload.message);
  }
}

/** No answer came in time: the other side is busy, stuck or gone. */
export class RequestTimeoutError extends Error {
  constructor(
    readonly method: string,
    readonly timeoutMs: number,
    peer: string,
  ) {
    super(`${peer} did not answer "${method}" within ${formatSeconds(timeoutMs)}; the request was cancelled.`);
    this.name = 'RequestTimeoutError';
  }
}

/** The transport closed (worker crashed or was stopped, view disposed) before the answer came. */
export class MessengerClosedError extends Error {
  constructor(
    readonly method: string,
    reason: string,
  ) {
    super(`"${method}" was not answered: ${reason}`);
    this.name = 'MessengerClosedError';
  }
}

/** The caller gave up (AbortSignal). */
export class RequestAbortedError extends Error {
  constructor(readonly method: string) {
    super(`"${method}" was cancelled.`);
    this.name = 'AbortError';
  }
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
