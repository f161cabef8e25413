import * as v from 'valibot';
import { defineNotification } from './messageTypes';
import { PersonaStateSchema } from './personaProtocol';

/**
 * Messages between the persona editor and the host. The editor also uses `persona/get`,
 * `persona/validate`, `persona/save`, `persona/diff` and `persona/rollback`, relayed to the engine.
 */

export const PersonaViewStateSchema = v.object({
  /** The current persona and its history, once the engine has answered. */
  persona: v.optional(PersonaStateSchema),
  /** Why it is not available (engine not running, unreadable persona), with the way forward. */
  error: v.optional(v.string()),
});
export type PersonaViewState = v.InferOutput<typeof PersonaViewStateSchema>;

/** Host → editor: a fresh snapshot (after a save or rollback here, or on opening). */
export const PersonaViewStateNotification = defineNotification('personaView/state', PersonaViewStateSchema);
