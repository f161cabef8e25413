import * as v from 'valibot';
import { defineRequest, defineStream } from './messageTypes';

/** The twin's own thoughts: stored reflections, dreams and inner-dialogue turns, and a turn on a topic. */

export const ThoughtKindSchema = v.picklist(['reflection', 'dream', 'dialogue']);
export type ThoughtKind = v.InferOutput<typeof ThoughtKindSchema>;

export const CitedMemorySchema = v.object({
  id: v.string(),
  kind: v.string(),
  /** First words of the memory; empty when it was forgotten since. */
  preview: v.string(),
});
export type CitedMemory = v.InferOutput<typeof CitedMemorySchema>;

export const ThoughtSchema = v.object({
  id: v.string(),
  kind: ThoughtKindSchema,
  ts: v.string(),
  text: v.string(),
  /** Who wrote it, e.g. `agent:reflector`, `chat`. */
  source: v.string(),
  /** What an inner-dialogue turn was about. */
  topic: v.optional(v.string()),
  cites: v.array(CitedMemorySchema),
});
export type Thought = v.InferOutput<typeof ThoughtSchema>;

const IsoTime = v.pipe(v.string(), v.isoTimestamp('since/until must be an ISO time such as 2026-03-04T00:00:00.000Z'));

/** Stored thoughts, newest first, filtered by kind and time. */
export const ReflectionsListRequest = defineRequest(
  'reflections/list',
  v.optional(
    v.object({
      kinds: v.optional(v.array(ThoughtKindSchema)),
      since: v.optional(IsoTime),
      until: v.optional(IsoTime),
      limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1000))),
    }),
    {},
  ),
  v.object({ thoughts: v.array(ThoughtSchema) }),
);

/** A thought as it is written: pieces of text under a draft id, then the record it became. */
export const ThoughtEventSchema = v.variant('type', [
  v.object({ type: v.literal('text'), draft: v.string(), kind: v.string(), text: v.string() }),
  v.object({ type: v.literal('record'), draft: v.optional(v.string()), id: v.string(), kind: v.string(), text: v.string(), cites: v.array(v.string()) }),
]);
export type ThoughtEvent = v.InferOutput<typeof ThoughtEventSchema>;

/** One inner-dialogue turn on a topic the person gives, streamed, kept as a `dialogue` record citing memories. */
export const ReflectionsDialogueStream = defineStream(
  'reflections/dialogue',
  v.object({ topic: v.pipe(v.string(), v.trim(), v.minLength(1, 'Give a topic for the inner dialogue.'), v.maxLength(500, 'A topic is at most 500 characters.')) }),
  ThoughtEventSchema,
);
