import type { SearchHit } from '../../index/indexSearch';

/** Conversation: the twin talks with its person. Inner dialogue: it thinks aloud to itself. Emulation: it answers as its person for someone else, read-only. */
export type ChatMode = 'conversation' | 'innerDialogue' | 'emulation';

/** The active editor, when the person asks about their code (same shape as the protocol's `editorContext`). */
export interface EditorContext {
  /** File path relative to the workspace. */
  file: string;
  /** VS Code language id. */
  languageId?: string;
  /** The selection, or the visible part of the file. */
  text: string;
}

/** One earlier turn of the conversation, as read back from `chat` memories. */
export interface ConversationTurn {
  /** The memory holding this turn. */
  id: string;
  role: 'user' | 'assistant';
  text: string;
  ts: string;
}

export interface AskRequest {
  message: string;
  /** Continue this conversation; a new one is started when absent. */
  conversationId?: string;
  /** Default `conversation`. */
  mode?: ChatMode;
  /** 0 answers directly; 1–3 plan, then run that many critic rounds, before answering. Default 0. */
  depth?: number;
  editorContext?: EditorContext;
  signal?: AbortSignal;
}

/** What went into the prompt: the "context view" of one answer. */
export interface ContextReport {
  /** Memories in the prompt, most relevant first, with their scores. */
  memories: { id: string; score: number; preview: string }[];
  /** Persona parts used: `identity`, `boundaries`, `values`, `communication style`, and `overnight learnings` when the prompt followed them. */
  persona: string[];
  /** The editor file used, and whether its text had to be cut to fit. */
  editor?: { file: string; languageId?: string; truncated: boolean };
  /** Earlier turns of the conversation included. */
  turns: number;
  /** What the budget left out: memories and turns dropped (least relevant and oldest first). */
  dropped: { memories: number; turns: number };
  /** Estimated prompt tokens, and the budget they had to fit in. */
  promptTokens: number;
  budgetTokens: number;
}

/** Tokens of every model call for one answer (plan, critic rounds and the answer itself). */
export interface ChatUsage {
  promptTokens: number;
  completionTokens: number;
  /** True when the provider did not report counts and these are estimates. */
  estimated: boolean;
}

/** One step of a streamed answer. */
export type ChatEvent =
  | { type: 'context'; report: ContextReport }
  | { type: 'stage'; name: string; text: string }
  | { type: 'token'; text: string }
  | { type: 'citation'; id: string; preview: string }
  | {
      type: 'done';
      conversationId: string;
      /** Memories written for this turn (none in emulation). */
      turnIds: string[];
      usage: ChatUsage;
      /** `provider/model` that answered, e.g. `offline/extractive`. */
      model: string;
      /** The person stopped the answer; what was said so far is kept. */
      stopped: boolean;
    };

/** A memory hit as prompt assembly needs it (the index's SearchHit fits). */
export type MemoryCandidate = Pick<SearchHit, 'id' | 'ts' | 'kind' | 'text' | 'score'> & { project?: string };
