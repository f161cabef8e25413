import { ulid } from 'ulid';
import type { AuditLog } from '../../audit/auditLog';
import type { SearchRequest, SearchResult } from '../../index/indexSearch';
import type { MemoryLog } from '../../memory/memoryLog';
import type { MemoryKind, MemoryRecord } from '../../memory/record';
import type { PersonaStore } from '../../persona/personaStore';
import type { ChatMessage, ChatRequest, ModelProvider } from '../modelProvider';
import { detectActionIntent, intentReason, proposalAnswer, proposalFailedAnswer, type ActionIntent, type ProposalOutcome } from './actionIntent';
import { auditedCall, type CallOutcome } from './auditedCall';
import type { AskRequest, ChatEvent, ChatMode, ChatUsage, ContextReport, ConversationTurn, MemoryCandidate } from './chatTypes';
import { readConversations, summarize, turnOf, type ConversationSummary } from './conversationHistory';
import { citedIds } from './memoryLines';
import { assemblePrompt } from './promptAssembly';
import { criticMessages, offlineCritic, offlinePlan, planMessages, stageNotes } from './reasoningStages';
import { truncateToTokens } from '../tokenEstimate';
import { latestLearnings, learningPromptLines, LEARNINGS_TAG } from '../../agents/learnings';

/** The parts of the profile store the pipeline uses (a ProfileStore fits). */
export interface ChatStore {
  persona: Pick<PersonaStore, 'get'>;
  memory: Pick<MemoryLog, 'appendMany' | 'get'> & { scan(): AsyncIterable<MemoryRecord> };
  audit: Pick<AuditLog, 'record'>;
}

/** The memory index's search (a MemoryIndex fits). */
export interface ChatIndex {
  search(request: SearchRequest): Promise<SearchResult>;
}

export interface ChatPipelineOptions {
  /** Model id passed to the provider; the provider's default when absent. */
  model?: string;
  /** The model's context window (ModelInfo.contextTokens); default 8192. */
  contextTokens?: number;
  /** Tokens kept free for the answer; default 1024. */
  answerTokens?: number;
  /** Memories retrieved per question before the budget trims them; default 12. */
  k?: number;
  /** Recorded as the memories' `source`: `vscode:chat`, `cli:chat`… (default `chat`). */
  source?: string;
  /**
   * The decision engine's `propose` (the engine sets the source `chat`). With it, a request a skill
   * covers ("remind me to …") in a conversation becomes a proposal, and the answer says where it
   * stands; without it, chat never acts.
   */
  propose?: (input: { skill: string; args: Record<string, unknown>; reason: string }) => Promise<ProposalOutcome>;
  /** Called after turns are written, e.g. to bring the index up to date. */
  afterWrite?: () => Promise<void>;
  now?: () => Date;
}

const STAGE_TOKENS = 400;

/**
 * The chat pipeline: retrieve, assemble, (plan and critique), answer, cite, remember. One
 * instance serves one profile and one provider; the engine builds it with the store and index
 * it already holds and swaps it when the person picks another provider.
 */
export class ChatPipeline {
  private history?: Promise<Map<string, { mode: ChatMode; turns: ConversationTurn[] }>>;

  constructor(
    private readonly store: ChatStore,
    private readonly index: ChatIndex,
    private readonly provider: ModelProvider,
    private readonly options: ChatPipelineOptions = {},
  ) {}

  /** `provider/model`, as shown under an answer and recorded in its memory. */
  get modelLabel(): string {
    return `${this.provider.id}/${this.modelName}`;
  }

  private get modelName(): string {
    return this.options.model ?? (this.provider.id === 'offline' ? 'extractive' : 'default');
  }

  async *ask(request: AskRequest): AsyncGenerator<ChatEvent, void, undefined> {
    const mode = request.mode ?? 'conversation';
    const depth = Math.max(0, Math.min(3, Math.floor(request.depth ?? 0)));
    const conversationId = request.conversationId ?? ulid();
    const signal = request.signal;
    const now = this.options.now?.() ?? new Date();
    const persona = this.store.persona.get();
    // A new conversation has no turns: its first answer need not wait for a scan of the log.
    const turns = request.conversationId ? await this.turnsOf(conversationId) : [];
    const memories = await this.retrieve(request.message, conversationId, now, request.editorContext?.file);
    const contextTokens = this.options.contextTokens ?? 8192;
    const answerTokens = this.options.answerTokens ?? 1024;
    const notesReserve = depth > 0 ? STAGE_TOKENS * (depth + 1) : 0;
    const learnings = await this.learnings(now);
    const base = { persona, question: request.message, mode, memories, turns, editor: request.editorContext, ...(learnings.length ? { learnings } : {}) };
    let prompt = assemblePrompt({ ...base, budgetTokens: contextTokens - answerTokens - notesReserve });
    yield { type: 'context', report: prompt.report };

    const usage: ChatUsage = { promptTokens: 0, completionTokens: 0, estimated: false };
    let stopped = false;
    let answer = '';
    const cited = new Map<string, string>();
    // Emulation answers as the person for someone else: it is read-only and never proposes.
    const propose = mode === 'conversation' ? this.options.propose : undefined;
    const intent = propose ? detectActionIntent(request.message) : undefined;
    if (propose && intent) {
      answer = await proposeAction(propose, intent, request.message);
      yield { type: 'token', text: answer };
    }
    if (!intent && depth > 0) {
      const stages: string[] = [];
      for (let round = 0; round <= depth && !stopped; round++) {
        const name = round === 0 ? 'plan' : `critic ${round}`;
        const messages = round === 0 ? planMessages(prompt.messages) : criticMessages(prompt.messages, stages[0], stages.slice(1), round);
        const stage = yield* this.stage(name, messages, prompt.report, request.message, round, signal);
        add(usage, stage.usage);
        stopped = stage.stopped;
        stages.push(stage.text);
      }
      if (!stopped) {
        const notes = truncateToTokens(stageNotes(stages[0], stages.slice(1)), notesReserve);
        prompt = assemblePrompt({ ...base, budgetTokens: contextTokens - answerTokens, notes });
      }
    }

    if (!intent && !stopped) {
      const call = auditedCall(this.provider, this.request(prompt.messages, answerTokens, signal), this.store.audit, { model: this.modelName, role: 'chat' });
      let step = await call.next();
      while (!step.done) {
        answer += step.value.text;
        yield { type: 'token', text: step.value.text };
        for (const citation of await this.newCitations(answer, cited, prompt.report)) yield citation;
        step = await call.next();
      }
      add(usage, step.value.usage);
      stopped = step.value.stopped;
    }

    const turnIds = mode === 'emulation' ? [] : await this.remember(conversationId, mode, depth, request.message, answer, [...cited.keys()], stopped);
    yield { type: 'done', conversationId, turnIds, usage, model: this.modelLabel, stopped };
  }

  /** Every conversation (and inner dialogue) in the memory, most recently active first. */
  async listConversations(): Promise<ConversationSummary[]> {
    this.history = readConversations(this.store.memory);
    const all = await this.history;
    return [...all].map(([id, c]) => summarize(id, c.mode, c.turns)).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  }

  /** The turns of one conversation, oldest first; empty when unknown. */
  async conversation(id: string): Promise<ConversationTurn[]> {
    return [...(await this.turnsOf(id))];
  }

  private async turnsOf(id: string): Promise<ConversationTurn[]> {
    this.history ??= readConversations(this.store.memory);
    return (await this.history).get(id)?.turns ?? [];
  }

  /**
   * The index's time-aware search for the message. The twin's own earlier answers are left out
   * (they are not evidence, and an offline answer would quote itself), and so is this
   * conversation, whose turns come in as turns, and the same question asked before. So is a
   * memory the person marked wrong: the model would state it as fact however it was labelled, and
   * the person expects a correction to take effect at once. With an editor context, memories of
   * that file join in.
   */
  private async retrieve(query: string, conversationId: string, now: Date, editorFile?: string): Promise<MemoryCandidate[]> {
    const k = this.options.k ?? 12;
    const result = await this.index.search({ query, k: k + 8, now });
    const hits = [...result.hits];
    if (editorFile) {
      // Asking about the open file: what the person did in that file counts even when its words differ.
      const inFile = await this.index.search({ query, k: 4, now, filters: { file: editorFile } });
      for (const hit of inFile.hits) if (!hits.some((h) => h.id === hit.id)) hits.push(hit);
    }
    return hits
      .filter(
        (h) =>
          h.record.validated !== false &&
          h.meta.role !== 'assistant' &&
          h.meta.conversation !== conversationId &&
          !(h.meta.role === 'user' && h.text.trim() === query.trim()),
      )
      .sort((a, b) => b.score - a.score)
      .slice(0, k)
      .map((h) => ({ id: h.id, ts: h.ts, kind: h.kind, text: h.text, score: h.score, ...(h.record.project ? { project: h.record.project } : {}) }));
  }

  /** The newest overnight learnings the person has not marked wrong (the dreamer's procedural memory). */
  private async learnings(now: Date): Promise<string[]> {
    const result = await this.index.search({ query: '', k: 10, now, filters: { kinds: ['reflection'], tag: LEARNINGS_TAG } });
    return learningPromptLines(latestLearnings(result.hits.map((h) => h.record))?.learnings ?? []);
  }

  private async *stage(name: string, messages: ChatMessage[], report: ContextReport, question: string, round: number, signal?: AbortSignal): AsyncGenerator<ChatEvent, CallOutcome, undefined> {
    if (this.provider.id === 'offline') {
      const text = round === 0 ? offlinePlan(question, report) : offlineCritic(round, report);
      if (signal?.aborted) return { text: '', usage: { promptTokens: 0, completionTokens: 0, estimated: false }, stopped: true };
      yield { type: 'stage', name, text };
      return { text, usage: { promptTokens: 0, completionTokens: 0, estimated: false }, stopped: false };
    }
    const call = auditedCall(this.provider, this.request(messages, STAGE_TOKENS, signal), this.store.audit, { model: this.modelName, role: name === 'plan' ? 'plan' : 'critic' });
    let step = await call.next();
    while (!step.done) {
      yield { type: 'stage', name, text: step.value.text };
      step = await call.next();
    }
    return step.value;
  }

  private request(messages: ChatMessage[], maxTokens: number, signal?: AbortSignal): ChatRequest {
    return { messages, maxTokens, ...(this.options.model ? { model: this.options.model } : {}), ...(signal ? { signal } : {}) };
  }

  /** Citations completed by the latest token that point to a memory that exists, each once. */
  private async newCitations(answer: string, cited: Map<string, string>, report: ContextReport): Promise<ChatEvent[]> {
    const out: ChatEvent[] = [];
    for (const id of citedIds(answer)) {
      if (cited.has(id)) continue;
      const known = report.memories.find((m) => m.id === id)?.preview;
      const preview = known ?? (await this.store.memory.get(id))?.text.slice(0, 80);
      // An id the model made up is remembered as seen (so it is looked up once) but never cited.
      cited.set(id, preview ?? '');
      if (preview !== undefined) out.push({ type: 'citation', id, preview });
    }
    return out;
  }

  private async remember(conversationId: string, mode: ChatMode, depth: number, question: string, answer: string, citedIdsSeen: string[], stopped: boolean): Promise<string[]> {
    const kind: MemoryKind = mode === 'innerDialogue' ? 'dialogue' : 'chat';
    const source = this.options.source ?? 'chat';
    const cites = [];
    for (const id of citedIdsSeen) if (await this.store.memory.get(id)) cites.push({ rel: 'cites', id });
    const records = await this.store.memory.appendMany([
      { kind, text: question, source, meta: { conversation: conversationId, role: 'user', mode } },
      ...(answer.trim()
        ? [{ kind, text: answer, source, links: cites, meta: { conversation: conversationId, role: 'assistant', mode, depth, model: this.modelLabel, ...(stopped ? { stopped: true } : {}) } }]
        : []),
    ]);
    const history = await this.history;
    for (const record of records) {
      const turn = turnOf(record);
      if (!turn || !history) continue;
      const entry = history.get(conversationId) ?? { mode: turn.mode, turns: [] };
      entry.turns.push(turn.turn);
      history.set(conversationId, entry);
    }
    await this.options.afterWrite?.();
    return records.map((r) => r.id);
  }
}

/** Proposes what the person asked for through the decision engine; the answer says where it stands. */
async function proposeAction(propose: NonNullable<ChatPipelineOptions['propose']>, intent: ActionIntent, message: string): Promise<string> {
  try {
    return proposalAnswer(intent, await propose({ skill: intent.skill, args: intent.args, reason: intentReason(message) }));
  } catch (error) {
    return proposalFailedAnswer(intent, error);
  }
}

function add(total: ChatUsage, part: ChatUsage): void {
  total.promptTokens += part.promptTokens;
  total.completionTokens += part.completionTokens;
  total.estimated ||= part.estimated;
}
