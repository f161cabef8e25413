import type { ChatChunk, ChatRequest, ModelInfo, ModelProvider, ProviderHealth } from '../modelProvider';
import { DREAM_LABEL, parseMemoryLines, type PromptMemory } from './memoryLines';
import { estimateMessagesTokens, estimateTokens } from '../tokenEstimate';

export const OFFLINE_NOTICE = 'No language model is configured, so this answer is put together from your memories (their own sentences, with sources), not written by a model.';
export const CONFIGURE_HINT =
  'To get written answers, pick a model provider in the chat view\'s model picker or in Settings → MetaHuman: Ollama (run `ollama serve`), an OpenAI-compatible server such as LM Studio or llama.cpp, or a language model VS Code offers.';

const MAX_SENTENCES = 6;
const STOPWORDS = new Set(
  'the a an and or but of to in on at for with from by about as is are was were be been do did does have has had i me my we our you your it its this that these those what which who whom when where why how all any some not no yes can could would should will shall may might last week month year day today yesterday think aloud tell remember ever there their they them than then into over after before'.split(' '),
);

/**
 * The offline provider: no model at all. It reads the memories from the prompt's memory
 * section (where prompt assembly put them, most relevant first) and answers extractively: the
 * sentences that best match the question, grouped by day, each cited. Being a ModelProvider,
 * it goes through the same pipeline as a real model (streaming, stop, citations, audit), so
 * the first-run experience exercises every path the configured one will.
 */
export class OfflineProvider implements ModelProvider {
  readonly id = 'offline';
  readonly label = 'Offline (no model: answers from memories)';

  health(): Promise<ProviderHealth> {
    return Promise.resolve({ ok: true, detail: 'Answers are extracted from your memories; no model is used.' });
  }

  listModels(): Promise<ModelInfo[]> {
    return Promise.resolve([{ id: 'extractive' }]);
  }

  async *chat(request: ChatRequest): AsyncGenerator<ChatChunk, void, undefined> {
    const system = request.messages.find((m) => m.role === 'system')?.content ?? '';
    const question = [...request.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
    const reply = offlineAnswer(question.replace(/^Think aloud about: /, ''), parseMemoryLines(system));
    for (const piece of reply.match(/\S+\s*|\s+/g) ?? []) {
      if (request.signal?.aborted) throw abortError();
      yield { text: piece, done: false };
      // Yield to the event loop so a stop arrives between pieces, as with a real stream.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    const promptTokens = estimateMessagesTokens(request.messages);
    yield { text: '', done: true, usage: { promptTokens, completionTokens: estimateTokens(reply) } };
  }
}

/** The extractive reply to `question` from `memories` (most relevant first). */
export function offlineAnswer(question: string, memories: PromptMemory[]): string {
  const picked = pickSentences(question, memories);
  if (picked.length === 0) return `${OFFLINE_NOTICE}\n\nI found no memories about this yet.\n\n${CONFIGURE_HINT}`;
  const byDay = new Map<string, string[]>();
  for (const p of picked.sort((a, b) => a.memory.date.localeCompare(b.memory.date) || a.order - b.order)) {
    const where = p.memory.project ? ` (${p.memory.project})` : '';
    const dream = p.memory.kind === 'dream' ? ` (a dream — ${DREAM_LABEL})` : '';
    const line = `- ${p.sentence}${where}${dream} [m:${p.memory.id}]`;
    byDay.set(p.memory.date, [...(byDay.get(p.memory.date) ?? []), line]);
  }
  const groups = [...byDay].map(([day, lines]) => `**${day}**\n${lines.join('\n')}`);
  return `${OFFLINE_NOTICE}\n\nFrom what I remember:\n\n${groups.join('\n\n')}\n\n${CONFIGURE_HINT}`;
}

interface Picked {
  memory: PromptMemory;
  sentence: string;
  score: number;
  /** Position in the memory list and the memory, to keep the original order within a day. */
  order: number;
  /** Question words the sentence shares. */
  overlap: number;
}

function pickSentences(question: string, memories: PromptMemory[]): Picked[] {
  const terms = contentWords(question);
  const candidates: Picked[] = [];
  memories.forEach((memory, rank) => {
    // The index already judged the order; a small prior keeps its best memories in front.
    const prior = 0.5 / (1 + rank);
    splitSentences(memory.text).forEach((sentence, i) => {
      // A question (the person's own earlier one, often) answers nothing.
      if (sentence.endsWith('?')) return;
      const words = new Set(contentWords(sentence));
      const overlap = terms.filter((t) => words.has(t) || [...words].some((w) => w.startsWith(t) || t.startsWith(w))).length;
      candidates.push({ memory, sentence, score: overlap / Math.sqrt(terms.length || 1) + prior + (i === 0 ? 0.1 : 0), order: rank * 100 + i, overlap });
    });
  });
  // Sentences that share a word with the question answer it; only when none does ("what did I
  // do yesterday?", a match by meaning) do the top memories' opening sentences stand in.
  const matching = candidates.filter((c) => c.overlap > 0);
  const pool = matching.length ? matching : candidates.filter((c) => c.order % 100 === 0 && c.order < 300); // first sentences of the top three
  const best = pool.sort((a, b) => b.score - a.score).slice(0, MAX_SENTENCES);
  // Drop repeated sentences (the same commit message imported twice).
  const seen = new Set<string>();
  return best.filter((p) => !seen.has(p.sentence.toLowerCase()) && seen.add(p.sentence.toLowerCase()));
}

function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+(?=[A-Z0-9"'(])|\n+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 2)
    .map((s) => (s.length > 300 ? `${s.slice(0, 299)}…` : s));
}

function contentWords(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? []).filter((w) => w.length > 2 && !STOPWORDS.has(w));
}

function abortError(): Error {
  const error = new Error('The answer was stopped.');
  error.name = 'AbortError';
  return error;
}
