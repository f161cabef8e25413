import * as v from 'valibot';
import { defineCommand, defineNotification } from './messageTypes';
import { ThoughtEventSchema, ThoughtSchema } from './reflectionsProtocol';

/** Messages between the reflections view and the host. */

export const ReflectionsViewStateSchema = v.object({
  /** Stored thoughts, newest first, once the engine has answered. */
  thoughts: v.optional(v.array(ThoughtSchema)),
  /** Why the list is unknown (engine not running, failed), with the way forward. */
  error: v.optional(v.string()),
  /** What the view asked for is running: the reflector, or an inner-dialogue turn on a topic. */
  running: v.optional(v.picklist(['reflect', 'dialogue'])),
  /** How the last action ended when it wrote nothing or failed, in words. */
  notice: v.optional(v.object({ text: v.string(), tone: v.picklist(['info', 'error']) })),
});
export type ReflectionsViewState = v.InferOutput<typeof ReflectionsViewStateSchema>;

/** Host → view: a fresh snapshot. */
export const ReflectionsViewStateNotification = defineNotification('reflectionsView/state', ReflectionsViewStateSchema);

/** Host → view: a thought as it is written (by an agent, or the inner dialogue the person started). */
export const ReflectionsViewLiveNotification = defineNotification('reflectionsView/live', v.object({ origin: v.string(), event: ThoughtEventSchema }));

/** View → host: run the reflector now. */
export const ReflectionsViewReflectNowCommand = defineCommand('reflectionsView/reflectNow', v.object({}));

/** View → host: one inner-dialogue turn on a topic. */
export const ReflectionsViewDialogueCommand = defineCommand('reflectionsView/dialogue', v.object({ topic: v.string() }));

/** View → host: open a cited memory. */
export const ReflectionsViewOpenMemoryCommand = defineCommand('reflectionsView/openMemory', v.object({ id: v.string() }));

/** View → host: load the list again (the error state's Retry). */
export const ReflectionsViewRefreshCommand = defineCommand('reflectionsView/refresh', v.object({}));
