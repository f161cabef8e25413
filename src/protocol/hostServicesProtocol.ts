import * as v from 'valibot';
import { defineRequest, defineStream } from './messageTypes';

/** Engine → host: what only the editor has (its secret storage, its language models). */

/** A secret from VS Code's SecretStorage, or null when none is stored. Never logged by either side. */
export const HostSecretRequest = defineRequest(
  'host/secret',
  v.object({
    /** Which secret: only the names below exist. */
    name: v.picklist(['openAiApiKey']),
  }),
  v.nullable(v.string()),
);

/** One chat request to a model of VS Code's Language Model API (`vscode.lm`), streamed back as text. */
export const HostLmChatStream = defineStream(
  'host/lmChat',
  v.object({
    /** The conversation, in order. */
    messages: v.array(v.object({ /** Who speaks. */ role: v.picklist(['system', 'user', 'assistant']), /** What is said. */ content: v.string() })),
    /** A model id or family to prefer, e.g. `gpt-4o`; any available model when absent. */
    model: v.optional(v.string()),
  }),
  v.object({
    /** The next piece of the answer. */
    text: v.string(),
  }),
);

/** The chat models VS Code offers now (empty when none, e.g. no Copilot). */
export const HostLmModelsRequest = defineRequest(
  'host/lmModels',
  v.optional(v.object({}), {}),
  v.array(v.object({ /** Model id. */ id: v.string(), /** Family. */ family: v.string(), /** Vendor. */ vendor: v.string(), /** Context window. */ maxInputTokens: v.number() })),
);
