import * as v from 'valibot';
import { defineRequest, defineStream } from './messageTypes';

/** The persona's fields (the shape storage/schemas/persona.schema.json defines), for the editor. */
export type { Persona } from '../core/persona/persona';

/**
 * The persona (identity kernel) for the persona editor: the current revision and its history, a
 * schema check of a draft, saving, a diff against an earlier revision and rolling back to one.
 * The persona itself travels as plain JSON; the engine checks it against
 * storage/schemas/persona.schema.json, the one definition of its shape.
 */

export const PersonaVersionSchema = v.object({
  revision: v.number(),
  savedAt: v.string(),
  note: v.optional(v.string()),
  current: v.boolean(),
});
export type PersonaVersionView = v.InferOutput<typeof PersonaVersionSchema>;

export const PersonaStateSchema = v.object({
  revision: v.number(),
  savedAt: v.string(),
  note: v.optional(v.string()),
  /** The persona (see src/core/persona/persona.ts for its type). */
  persona: v.record(v.string(), v.unknown()),
  /** Every revision, oldest first; the last is the current one. */
  history: v.array(PersonaVersionSchema),
});
export type PersonaState = v.InferOutput<typeof PersonaStateSchema>;

/** One schema problem: `path` is dotted (`routines.sleepWindow.start`, `goals.0.id`), empty for the whole persona. */
export const PersonaProblemSchema = v.object({ path: v.string(), message: v.string() });
export type PersonaProblem = v.InferOutput<typeof PersonaProblemSchema>;

export const PersonaGetRequest = defineRequest('persona/get', v.object({}), PersonaStateSchema);

/** Checks a draft against the schema; nothing is written. */
export const PersonaValidateRequest = defineRequest('persona/validate', v.object({ persona: v.unknown() }), v.object({ problems: v.array(PersonaProblemSchema) }));

/**
 * Saves a draft as a new revision. Refused, with nothing written, when it breaks the schema or
 * when `baseRevision` is given and another window or `mh` saved since (the draft was made on an old revision).
 */
export const PersonaSaveRequest = defineRequest(
  'persona/save',
  v.object({ persona: v.unknown(), baseRevision: v.optional(v.number()), note: v.optional(v.string()) }),
  v.object({
    saved: v.boolean(),
    /** The new current revision (the unchanged one when nothing changed). */
    version: v.optional(PersonaVersionSchema),
    problems: v.array(PersonaProblemSchema),
    /** Another revision was saved since the draft's base: reload before saving. */
    conflict: v.optional(v.boolean()),
  }),
);

export const PersonaChangeSchema = v.object({
  path: v.string(),
  type: v.picklist(['added', 'removed', 'changed']),
  /** One line: `~ identity.role: "Engineer" → "Staff engineer"`. */
  line: v.string(),
});

/** What differs between an earlier revision and the current one: field changes and a line diff of the JSON. */
export const PersonaDiffRequest = defineRequest(
  'persona/diff',
  v.object({ revision: v.number() }),
  v.object({
    from: v.number(),
    to: v.number(),
    changes: v.array(PersonaChangeSchema),
    /** Lines of the pretty-printed JSON: ' ' unchanged, '+' only in current, '-' only in the old revision. */
    lines: v.array(v.object({ op: v.picklist([' ', '+', '-']), text: v.string() })),
  }),
);

/** Makes an earlier revision current again, saved (and audited) as a new revision. */
export const PersonaRollbackRequest = defineRequest('persona/rollback', v.object({ revision: v.number() }), v.object({ version: PersonaVersionSchema }));

/** A first (empty) chunk once the watch is up, then one whenever the persona is saved (here, in another window or by `mh persona`). */
export const PersonaFollowStream = defineStream('persona/follow', v.optional(v.object({}), {}), v.object({}));
