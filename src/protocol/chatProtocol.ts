import * as v from 'valibot';
import { defineCommand, defineNotification, defineRequest, defineStream } from './messageTypes';

/** Chat messages: the view asks the host, the host relays to the engine's chat pipeline. */

export const ChatModeSchema = v.picklist(['conversation', 'innerDialogue', 'emulation']);
export type ChatMode = v.InferOutput<typeof ChatModeSchema>;

export const ChatAskParamsSchema = v.object({
  /** What the person wrote. */
  message: v.pipe(v.string(), v.minLength(1), v.maxLength(20_000)),
  /** Continue this conversation; a new one when absent. */
  conversationId: v.optional(v.string()),
  /** Conversation (default), inner dialogue, or emulation (read-only, writes nothing). */
  mode: v.optional(ChatModeSchema),
  /** 0 answers directly; 1–3 plan and critique first. */
  depth: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(3))),
  /** The active editor, when the person asks about their code. */
  editorContext: v.optional(
    v.object({
      /** File path relative to the workspace. */
      file: v.string(),
      /** VS Code language id. */
      languageId: v.optional(v.string()),
      /** The selected text, or the visible part of the file. */
      text: v.pipe(v.string(), v.maxLength(50_000)),
    }),
  ),
});
export type ChatAskParams = v.InferOutput<typeof ChatAskParamsSchema>;

const MemoryRefSchema = v.object({
  /** The memory's id. */
  id: v.string(),
  /** Its score for this question. */
  score: v.number(),
  /** First words of it. */
  preview: v.string(),
});

/** One step of a streamed answer. */
export const ChatEventSchema = v.variant('type', [
  v.object({
    type: v.literal('stage'),
    /** e.g. `plan`, `critic 1`. */
    name: v.string(),
    /** Text of that thinking stage, streamed in pieces. */
    text: v.string(),
  }),
  v.object({
    type: v.literal('token'),
    /** The next piece of the answer. */
    text: v.string(),
  }),
  v.object({
    type: v.literal('citation'),
    /** A memory the answer cites as `[m:<id>]` that exists. */
    id: v.string(),
    /** First words of the cited memory. */
    preview: v.string(),
  }),
  v.object({
    type: v.literal('context'),
    /** Memories that went into the prompt. */
    memories: v.array(MemoryRefSchema),
    /** Persona parts used, e.g. `identity`, `communication style`. */
    persona: v.array(v.string()),
    /** The editor file used, when any. */
    editorFile: v.optional(v.string()),
  }),
  v.object({
    type: v.literal('done'),
    /** The conversation this turn belongs to. */
    conversationId: v.string(),
    /** Provider and model that answered, e.g. `offline`. */
    model: v.string(),
  }),
]);
export type ChatEvent = v.InferOutput<typeof ChatEventSchema>;

/** Engine: answer a message through the chat pipeline, streaming its events. */
export const ChatAskStream = defineStream('chat/ask', ChatAskParamsSchema, ChatEventSchema);

/** View → host: the same, relayed to the engine (the host adds the editor context when asked). */
export const ChatSendStream = defineStream('chat/send', ChatAskParamsSchema, ChatEventSchema);

/** View → host: open a cited memory. */
export const MemoryOpenCommand = defineCommand(
  'memory/open',
  v.object({
    /** The memory to show. */
    id: v.string(),
  }),
);

/** View → host: the text of one memory, for a citation's tooltip. */
export const MemoryPreviewRequest = defineRequest(
  'memory/preview',
  v.object({
    /** The memory to preview. */
    id: v.string(),
  }),
  v.object({
    /** Its text, or empty when it no longer exists. */
    text: v.string(),
  }),
);

/** Host → view: ask this now (from "Ask About Selection"), with the editor context. */
export const ChatPromptNotification = defineNotification('chat/prompt', ChatAskParamsSchema);

/** Host → view: start a new conversation ("New Chat"). */
export const ChatNewNotification = defineNotification('chat/new', v.optional(v.object({}), {}));

export const ConversationSummarySchema = v.object({
  /** The conversation's id. */
  id: v.string(),
  /** Its first question, shortened. */
  title: v.string(),
  /** Conversation or inner dialogue. */
  mode: ChatModeSchema,
  /** When it started and was last active, ISO. */
  startedAt: v.string(),
  updatedAt: v.string(),
  /** How many turns it has. */
  turns: v.number(),
});
export type ConversationSummary = v.InferOutput<typeof ConversationSummarySchema>;

export const ConversationTurnSchema = v.object({
  /** The memory holding the turn. */
  id: v.string(),
  /** Who spoke. */
  role: v.picklist(['user', 'assistant']),
  /** What was said. */
  text: v.string(),
  /** When, ISO. */
  ts: v.string(),
});
export type ConversationTurn = v.InferOutput<typeof ConversationTurnSchema>;

/** Earlier conversations, most recently active first (engine, and view → host). */
export const ChatConversationsRequest = defineRequest('chat/conversations', v.optional(v.object({}), {}), v.array(ConversationSummarySchema));

/** The turns of one conversation, oldest first (engine, and view → host). */
export const ChatConversationRequest = defineRequest('chat/conversation', v.object({ /** The conversation. */ id: v.string() }), v.array(ConversationTurnSchema));

/** View → host: open the model provider picker. */
export const ModelPickCommand = defineCommand('model/pick', v.optional(v.object({}), {}));
