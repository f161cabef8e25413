import * as v from 'valibot';
import { defineRequest } from './messageTypes';

/** Models: which provider and model per role the settings choose, and a real health check of the chosen one. */

export const ModelRoleSchema = v.picklist(['chat', 'reflection', 'dreaming', 'organizing', 'embedding']);

export const ModelsStatusSchema = v.object({
  /** `metahuman.llm.provider`: offline, ollama, openaiCompatible or vscodeLm. */
  provider: v.string(),
  /** The address that provider talks to, when it has one (never contacted by this request). */
  endpoint: v.optional(v.string()),
  /** The model of each role; `inherits` when the role's setting is empty and it uses the chat model. */
  roles: v.array(v.object({ role: ModelRoleSchema, setting: v.string(), model: v.string(), inherits: v.boolean() })),
});
export type ModelsStatus = v.InferOutput<typeof ModelsStatusSchema>;

/** Read from the settings alone: contacts nothing. */
export const ModelsStatusRequest = defineRequest('models/status', v.object({}), ModelsStatusSchema);

export const ModelsTestResultSchema = v.object({
  provider: v.string(),
  /** False when no network call was made (offline, vscodeLm: the editor lists those). */
  contacted: v.boolean(),
  ok: v.boolean(),
  /** What was found, or why it failed with the way forward. */
  message: v.string(),
  latencyMs: v.optional(v.number()),
  /** The server's models, with their size on disk in bytes when it says. */
  models: v.array(v.object({ name: v.string(), sizeBytes: v.optional(v.number()) })),
});
export type ModelsTestResult = v.InferOutput<typeof ModelsTestResultSchema>;

/** A real health call to the configured provider (only that one, at the address the person set). */
export const ModelsTestRequest = defineRequest('models/test', v.object({}), ModelsTestResultSchema);
