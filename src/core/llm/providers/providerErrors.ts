/**
 * What the providers share when a call fails: recognising a refused connection or an abort in the
 * shapes Node's fetch (undici) throws them, and keeping secrets out of any text shown or logged.
 */

/** True when nothing listens at the address (or the host does not resolve): the server is not running. */
export function isConnectionFailure(err: unknown): boolean {
  // undici wraps the socket error as `TypeError: fetch failed` with the errno in `cause`.
  const codes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);
  for (let e: unknown = err, depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && codes.has(code)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return err instanceof TypeError && err.message === 'fetch failed';
}

export function isAbortError(err: unknown): boolean {
  return err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError');
}

/** The error an aborted stream ends with, as the ModelProvider contract promises. */
export function abortError(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? reason : new DOMException('The request was aborted.', 'AbortError');
}

/** A URL fit for a message: no user:password part, no query (either may carry a token). */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    u.search = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return '(invalid URL)';
  }
}

/** Removes every occurrence of the secrets from text a server sent back (some echo the bad key). */
export function redact(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('***');
  return out;
}

/** Server error text, short enough for a notification. */
export function brief(text: string, max = 200): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max)}…` : one;
}

/** How long a health check waits: a server that accepts the connection but never answers is not healthy. */
export const HEALTH_TIMEOUT_MS = 5000;

/** The caller's signal (if any) combined with the health-check deadline. */
export function healthSignal(signal: AbortSignal | undefined, ms = HEALTH_TIMEOUT_MS): AbortSignal {
  const deadline = AbortSignal.timeout(ms);
  return signal ? AbortSignal.any([signal, deadline]) : deadline;
}
