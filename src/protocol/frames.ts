import * as v from 'valibot';

/**
 * What actually travels over a transport. Every frame is validated on arrival; the payloads
 * inside are validated again against the declared message type by the messenger.
 */
const RequestFrame = v.object({
  t: v.literal('req'),
  /** Correlates the reply, stream chunks and aborts with this request. */
  id: v.pipe(v.number(), v.integer(), v.minValue(1)),
  method: v.pipe(v.string(), v.minLength(1)),
  params: v.unknown(),
  /** True when the caller wants a stream of chunks rather than one result. */
  stream: v.optional(v.boolean()),
});

const ErrorPayload = v.object({
  /** Human-readable, already phrased for the person. */
  message: v.string(),
  /** A stable machine code, e.g. `invalid-params`, `unknown-method`, `handler-failed`, `aborted`. */
  code: v.string(),
});

const ResponseFrame = v.variant('ok', [
  v.object({ t: v.literal('res'), id: v.number(), ok: v.literal(true), result: v.unknown() }),
  v.object({ t: v.literal('res'), id: v.number(), ok: v.literal(false), error: ErrorPayload }),
]);

const StreamFrame = v.object({
  t: v.literal('chunk'),
  id: v.number(),
  /** One item of the stream; absent on the closing frame. */
  value: v.optional(v.unknown()),
  /** Set on the last frame of a stream that ended normally. */
  done: v.boolean(),
});

const FireFrame = v.object({
  /** `cmd`: a command; `ntf`: a notification. */
  t: v.picklist(['cmd', 'ntf']),
  method: v.pipe(v.string(), v.minLength(1)),
  params: v.unknown(),
});

const AbortFrame = v.object({ t: v.literal('abort'), id: v.number() });

export const Frame = v.variant('t', [RequestFrame, ResponseFrame, StreamFrame, FireFrame, AbortFrame]);
export type Frame = v.InferOutput<typeof Frame>;
export type ErrorPayload = v.InferOutput<typeof ErrorPayload>;

export function parseFrame(data: unknown): v.SafeParseResult<typeof Frame> {
  return v.safeParse(Frame, data);
}
