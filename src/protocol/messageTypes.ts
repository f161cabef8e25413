import type { GenericSchema, InferOutput } from 'valibot';

/**
 * The three kinds of message in CONVENTIONS.md ("One protocol, declared once"), plus streamed
 * requests. Each is declared once with a method name `area/verb` and valibot schemas, and both
 * ends validate against the same declaration.
 */
export interface RequestType<P extends GenericSchema = GenericSchema, R extends GenericSchema = GenericSchema> {
  readonly kind: 'request';
  readonly method: string;
  readonly params: P;
  readonly result: R;
}

/** A request answered by a sequence of chunks (chat tokens, diagnostics, reflections). */
export interface StreamType<P extends GenericSchema = GenericSchema, C extends GenericSchema = GenericSchema> {
  readonly kind: 'stream';
  readonly method: string;
  readonly params: P;
  readonly chunk: C;
}

/** Fire and forget, from the view or a client to the side that acts. */
export interface CommandType<P extends GenericSchema = GenericSchema> {
  readonly kind: 'command';
  readonly method: string;
  readonly params: P;
}

/** Fire and forget, from the side that knows to the one that shows (host → view, engine → host). */
export interface NotificationType<P extends GenericSchema = GenericSchema> {
  readonly kind: 'notification';
  readonly method: string;
  readonly params: P;
}

export type MessageType = RequestType | StreamType | CommandType | NotificationType;

export type ParamsOf<T extends MessageType> = InferOutput<T['params']>;
export type ResultOf<T extends RequestType> = InferOutput<T['result']>;
export type ChunkOf<T extends StreamType> = InferOutput<T['chunk']>;

export function defineRequest<P extends GenericSchema, R extends GenericSchema>(method: string, params: P, result: R): RequestType<P, R> {
  return { kind: 'request', method, params, result };
}

export function defineStream<P extends GenericSchema, C extends GenericSchema>(method: string, params: P, chunk: C): StreamType<P, C> {
  return { kind: 'stream', method, params, chunk };
}

export function defineCommand<P extends GenericSchema>(method: string, params: P): CommandType<P> {
  return { kind: 'command', method, params };
}

export function defineNotification<P extends GenericSchema>(method: string, params: P): NotificationType<P> {
  return { kind: 'notification', method, params };
}
