import * as v from 'valibot';
import { MessengerClosedError, RemoteError, RequestAbortedError, RequestTimeoutError } from './errors';
import { parseFrame, type ErrorPayload, type Frame } from './frames';
import type {
  ChunkOf,
  CommandType,
  MessageType,
  NotificationType,
  ParamsOf,
  RequestType,
  ResultOf,
  StreamType,
} from './messageTypes';

export interface MessengerOptions {
  /** Names the other side in error messages, e.g. "The MetaHuman engine". */
  peerName: string;
  /** Default time a request (or a stream between two chunks) may take; 0 disables. */
  timeoutMs?: number;
  /** Where malformed or unhandled messages are reported. */
  log?: (level: 'warn' | 'error', message: string) => void;
}

export interface CallOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface HandlerContext {
  /** Fires when the caller aborts, times out, or the transport closes. */
  signal: AbortSignal;
}

type RequestHandler = (params: unknown, ctx: HandlerContext) => unknown;
type StreamHandler = (params: unknown, ctx: HandlerContext) => AsyncIterable<unknown>;
type FireHandler = (params: unknown) => void;

interface Registered<H> {
  type: MessageType;
  handler: H;
}

interface PendingCall {
  method: string;
  /** Receives each validated frame addressed to this call. */
  onFrame(frame: Frame): void;
  fail(error: Error): void;
}

/**
 * One messenger abstraction over any transport (webview, worker, in-process): typed requests with
 * replies, streams as async generators, commands and notifications, validation of everything that
 * arrives, timeouts so nothing hangs forever, and abort by id.
 */
export class Messenger {
  private nextId = 1;
  private readonly pending = new Map<number, PendingCall>();
  private readonly requestHandlers = new Map<string, Registered<RequestHandler>>();
  private readonly streamHandlers = new Map<string, Registered<StreamHandler>>();
  private readonly fireHandlers = new Map<string, Registered<FireHandler>>();
  private readonly running = new Map<number, AbortController>();
  private readonly unsubscribe: () => void;
  private closedReason: string | undefined;

  constructor(
    private readonly transport: { send(frame: Frame): void; onReceive(l: (data: unknown) => void): () => void },
    private readonly options: MessengerOptions,
  ) {
    this.unsubscribe = transport.onReceive((data) => this.receive(data));
  }

  get isClosed(): boolean {
    return this.closedReason !== undefined;
  }

  onRequest<T extends RequestType>(type: T, handler: (params: ParamsOf<T>, ctx: HandlerContext) => ResultOf<T> | Promise<ResultOf<T>>): () => void {
    return register(this.requestHandlers, type, handler);
  }

  onStream<T extends StreamType>(type: T, handler: (params: ParamsOf<T>, ctx: HandlerContext) => AsyncIterable<ChunkOf<T>>): () => void {
    return register(this.streamHandlers, type, handler as StreamHandler);
  }

  onCommand<T extends CommandType>(type: T, handler: (params: ParamsOf<T>) => void): () => void {
    return register(this.fireHandlers, type, handler);
  }

  onNotification<T extends NotificationType>(type: T, handler: (params: ParamsOf<T>) => void): () => void {
    return register(this.fireHandlers, type, handler);
  }

  command<T extends CommandType>(type: T, params: ParamsOf<T>): void {
    this.fire('cmd', type, params);
  }

  notify<T extends NotificationType>(type: T, params: ParamsOf<T>): void {
    this.fire('ntf', type, params);
  }

  request<T extends RequestType>(type: T, params: ParamsOf<T>, options: CallOptions = {}): Promise<ResultOf<T>> {
    return new Promise<ResultOf<T>>((resolve, reject) => {
      const call = this.startCall(type.method, params, false, options, reject);
      if (!call) return;
      call.pending.onFrame = (frame) => {
        if (frame.t !== 'res') return;
        call.finish();
        if (!frame.ok) return reject(RemoteError.from(type.method, frame.error));
        const result = v.safeParse(type.result, frame.result);
        if (result.success) resolve(result.output);
        else reject(new RemoteError(type.method, 'invalid-result', `${this.options.peerName} sent a malformed answer to "${type.method}": ${describeIssues(result.issues)}`));
      };
    });
  }

  /** Streams chunks as they arrive. Breaking out of the loop (or the signal) aborts the remote work. */
  async *stream<T extends StreamType>(type: T, params: ParamsOf<T>, options: CallOptions = {}): AsyncGenerator<ChunkOf<T>, void, undefined> {
    const queue: Array<{ value?: unknown; done?: boolean; error?: Error }> = [];
    let wake: (() => void) | undefined;
    const push = (item: { value?: unknown; done?: boolean; error?: Error }) => {
      queue.push(item);
      wake?.();
    };
    const call = this.startCall(type.method, params, true, options, (error) => push({ error }));
    if (!call) {
      const item = queue.shift();
      if (item?.error) throw item.error;
      return;
    }
    call.pending.onFrame = (frame) => {
      if (frame.t === 'res') {
        call.finish();
        push(frame.ok ? { done: true } : { error: RemoteError.from(type.method, frame.error) });
      } else if (frame.t === 'chunk') {
        call.touch();
        if (frame.done) {
          call.finish();
          push({ done: true });
          return;
        }
        const chunk = v.safeParse(type.chunk, frame.value);
        if (chunk.success) push({ value: chunk.output });
        else {
          call.cancel();
          push({ error: new RemoteError(type.method, 'invalid-result', `${this.options.peerName} sent a malformed chunk for "${type.method}": ${describeIssues(chunk.issues)}`) });
        }
      }
    };
    try {
      for (;;) {
        const item = queue.shift();
        if (!item) {
          await new Promise<void>((r) => (wake = r));
          wake = undefined;
          continue;
        }
        if (item.error) throw item.error;
        if (item.done) return;
        yield item.value as ChunkOf<T>;
      }
    } finally {
      call.cancel();
    }
  }

  /** Fails every call in flight with `reason` and stops listening. Safe to call twice. */
  close(reason: string): void {
    if (this.closedReason !== undefined) return;
    this.closedReason = reason;
    this.unsubscribe();
    for (const [, call] of this.pending) call.fail(new MessengerClosedError(call.method, reason));
    this.pending.clear();
    for (const controller of this.running.values()) controller.abort();
    this.running.clear();
  }

  dispose(): void {
    this.close('the connection was closed');
  }

  private fire(t: 'cmd' | 'ntf', type: CommandType | NotificationType, params: unknown): void {
    if (this.closedReason !== undefined) return this.options.log?.('warn', `Dropped "${type.method}": ${this.closedReason}`);
    this.transport.send({ t, method: type.method, params });
  }

  private startCall(method: string, params: unknown, stream: boolean, options: CallOptions, reject: (e: Error) => void) {
    if (this.closedReason !== undefined) {
      reject(new MessengerClosedError(method, this.closedReason));
      return undefined;
    }
    if (options.signal?.aborted) {
      reject(new RequestAbortedError(method));
      return undefined;
    }
    const id = this.nextId++;
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs ?? 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let settled = false;
    const onAbort = () => {
      if (settled) return;
      cancel();
      reject(new RequestAbortedError(method));
    };
    const finish = () => {
      settled = true;
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      this.pending.delete(id);
    };
    const cancel = () => {
      if (settled) return;
      finish();
      if (this.closedReason === undefined) this.transport.send({ t: 'abort', id });
    };
    const touch = () => {
      if (timeoutMs <= 0) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        cancel();
        reject(new RequestTimeoutError(method, timeoutMs, this.options.peerName));
      }, timeoutMs);
    };
    const pending: PendingCall = {
      method,
      onFrame: () => undefined,
      fail: (error) => {
        if (settled) return;
        finish();
        reject(error);
      },
    };
    this.pending.set(id, pending);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    touch();
    this.transport.send({ t: 'req', id, method, params, stream });
    return { pending, finish, cancel, touch };
  }

  private receive(data: unknown): void {
    if (this.closedReason !== undefined) return;
    const parsed = parseFrame(data);
    if (!parsed.success) {
      const id = typeof (data as { id?: unknown })?.id === 'number' ? (data as { id: number }).id : undefined;
      this.options.log?.('warn', `Ignored a malformed message from ${this.options.peerName}: ${describeIssues(parsed.issues)}`);
      if (id !== undefined && (data as { t?: unknown }).t === 'req') this.replyError(id, { code: 'malformed', message: `Malformed request: ${describeIssues(parsed.issues)}` });
      return;
    }
    const frame = parsed.output;
    switch (frame.t) {
      case 'req':
        return void this.serve(frame.id, frame.method, frame.params, frame.stream === true);
      case 'res':
      case 'chunk':
        return this.pending.get(frame.id)?.onFrame(frame);
      case 'abort':
        return this.running.get(frame.id)?.abort();
      case 'cmd':
      case 'ntf':
        return this.dispatchFire(frame.method, frame.params);
    }
  }

  private dispatchFire(method: string, params: unknown): void {
    const registered = this.fireHandlers.get(method);
    if (!registered) return this.options.log?.('warn', `No handler for "${method}" from ${this.options.peerName}`);
    const checked = v.safeParse(registered.type.params, params);
    if (!checked.success) return this.options.log?.('warn', `Ignored "${method}" with invalid params: ${describeIssues(checked.issues)}`);
    try {
      registered.handler(checked.output);
    } catch (error) {
      this.options.log?.('error', `Handler for "${method}" failed: ${errorMessage(error)}`);
    }
  }

  private async serve(id: number, method: string, params: unknown, wantsStream: boolean): Promise<void> {
    const registered = wantsStream ? this.streamHandlers.get(method) : this.requestHandlers.get(method);
    if (!registered) {
      this.options.log?.('warn', `Unknown ${wantsStream ? 'stream' : 'request'} "${method}"`);
      return this.replyError(id, { code: 'unknown-method', message: `Unknown ${wantsStream ? 'stream' : 'request'} "${method}".` });
    }
    const checked = v.safeParse(registered.type.params, params);
    if (!checked.success) {
      this.options.log?.('warn', `Rejected "${method}" with invalid params: ${describeIssues(checked.issues)}`);
      return this.replyError(id, { code: 'invalid-params', message: `Invalid parameters for "${method}": ${describeIssues(checked.issues)}` });
    }
    const controller = new AbortController();
    this.running.set(id, controller);
    const ctx: HandlerContext = { signal: controller.signal };
    try {
      if (wantsStream) {
        for await (const chunk of (registered.handler as StreamHandler)(checked.output, ctx)) {
          if (controller.signal.aborted) break;
          this.send({ t: 'chunk', id, value: chunk, done: false });
        }
        if (!controller.signal.aborted) this.send({ t: 'chunk', id, done: true });
      } else {
        const result = await (registered.handler)(checked.output, ctx);
        if (!controller.signal.aborted) this.send({ t: 'res', id, ok: true, result });
      }
    } catch (error) {
      if (!controller.signal.aborted) this.replyError(id, { code: 'handler-failed', message: errorMessage(error) });
    } finally {
      this.running.delete(id);
    }
  }

  private replyError(id: number, error: ErrorPayload): void {
    this.send({ t: 'res', id, ok: false, error });
  }

  private send(frame: Frame): void {
    if (this.closedReason === undefined) this.transport.send(frame);
  }
}

function register<H>(map: Map<string, Registered<H>>, type: MessageType, handler: H): () => void {
  if (map.has(type.method)) throw new Error(`A handler for "${type.method}" is already registered.`);
  map.set(type.method, { type, handler });
  return () => void map.delete(type.method);
}

export function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues
    .slice(0, 3)
    .map((issue) => {
      const path = issue.path?.map((p) => String(p.key)).join('.');
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
