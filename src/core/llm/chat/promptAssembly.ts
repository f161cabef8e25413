import type { Persona } from '../../persona/persona';
import type { ChatMessage } from '../modelProvider';
import type { ChatMode, ContextReport, ConversationTurn, EditorContext, MemoryCandidate } from './chatTypes';
import { MEMORY_SECTION_HEADER, renderMemoryLine } from './memoryLines';
import { personaName, personaParts } from './personaPrompt';
import { estimateMessagesTokens, estimateTokens, MESSAGE_OVERHEAD_TOKENS, truncateToTokens } from '../tokenEstimate';

export interface PromptInput {
  persona: Persona;
  question: string;
  mode: ChatMode;
  /** Candidate memories; the most relevant are kept when they do not all fit. */
  memories: MemoryCandidate[];
  /** Earlier turns of this conversation, oldest first; the newest are kept. */
  turns: ConversationTurn[];
  editor?: EditorContext;
  /** Tokens the whole prompt may take: the model's context minus what the answer needs. */
  budgetTokens: number;
  /** Private notes from the planning and critic stages, added to the instructions. */
  notes?: string;
  /** The newest overnight learnings the person has not rejected, one line each (`Avoid: …`). */
  learnings?: string[];
}

export interface AssembledPrompt {
  messages: ChatMessage[];
  report: ContextReport;
}

/** Shares of the budget that editor text and earlier turns may take, so memories keep the most room. */
const QUESTION_SHARE = 0.25;
const EDITOR_SHARE = 0.2;
const TURNS_SHARE = 0.2;
/** One very long memory (an imported document) must not crowd out the others. */
const MAX_MEMORY_TOKENS = 400;
const MAX_TURNS = 12;
export const LEARNINGS_HEADER = 'What I learned overnight about how you like things (follow it unless asked otherwise)';

/**
 * Builds the messages for one answer within a token budget. Order of claim on the budget:
 * instructions, required persona parts and the question (cut to a quarter) always; then the
 * other persona parts; the editor text (cut to a fifth); memories by score, leaving room for the
 * newest turns (up to a fifth), which take that room last. What was left out is counted.
 */
export function assemblePrompt(input: PromptInput): AssembledPrompt {
  const budget = Math.max(256, input.budgetTokens);
  const name = personaName(input.persona);
  const instructions = modeInstructions(input.mode, name);
  // A pasted novel as the question still leaves room for the persona and some memories.
  const question = truncateToTokens(input.question, Math.floor(budget * QUESTION_SHARE));
  let used = estimateTokens(instructions) + estimateTokens(question) + 2 * MESSAGE_OVERHEAD_TOKENS + (input.notes ? estimateTokens(input.notes) + 8 : 0);

  const sections: string[] = [];
  const personaUsed: string[] = [];
  for (const part of personaParts(input.persona)) {
    const block = `## ${capitalize(part.name)}\n${part.text}`;
    const cost = estimateTokens(block) + 1;
    if (!part.required && used + cost > budget) continue;
    sections.push(block);
    personaUsed.push(part.name);
    used += cost;
  }
  if (input.learnings?.length) {
    // Like the values: followed when there is room, never at the cost of the required parts.
    const block = `## ${LEARNINGS_HEADER}\n${input.learnings.map((l) => `- ${l}`).join('\n')}`;
    const cost = estimateTokens(block) + 1;
    if (used + cost <= budget) {
      sections.push(block);
      personaUsed.push('overnight learnings');
      used += cost;
    }
  }

  let editorBlock: string | undefined;
  let editorReport: ContextReport['editor'];
  if (input.editor && input.editor.text.trim()) {
    const header = `## Editor: ${input.editor.file}${input.editor.languageId ? ` (${input.editor.languageId})` : ''}\n\`\`\`${input.editor.languageId ?? ''}\n`;
    const room = Math.min(Math.floor(budget * EDITOR_SHARE), budget - used) - estimateTokens(header) - 4;
    if (room > 16) {
      const text = truncateToTokens(input.editor.text, room);
      editorBlock = `${header}${text}\n\`\`\``;
      used += estimateTokens(editorBlock) + 1;
      editorReport = { file: input.editor.file, ...(input.editor.languageId ? { languageId: input.editor.languageId } : {}), truncated: text !== input.editor.text };
    }
  }

  // Earlier turns get their share after the memories, but that share is held back for them first.
  const recent = input.turns.slice(-MAX_TURNS);
  const recentCost = recent.reduce((sum, t) => sum + estimateTokens(t.text) + MESSAGE_OVERHEAD_TOKENS, 0);
  const turnsReserve = Math.min(recentCost, Math.floor(budget * TURNS_SHARE));

  const lines: string[] = [];
  const kept: ContextReport['memories'] = [];
  used += estimateTokens(MEMORY_SECTION_HEADER) + 1;
  for (const memory of [...input.memories].sort((a, b) => b.score - a.score)) {
    const line = renderMemoryLine(memory, truncateToTokens(memory.text, MAX_MEMORY_TOKENS));
    const cost = estimateTokens(line) + 1;
    if (used + cost > budget - turnsReserve) continue; // a shorter, less relevant one may still fit
    lines.push(line);
    kept.push({ id: memory.id, score: memory.score, preview: preview(memory.text) });
    used += cost;
  }
  const turns: ChatMessage[] = [];
  let turnTokens = 0;
  for (let i = recent.length - 1; i >= 0; i--) {
    const turn = recent[i];
    const cost = estimateTokens(turn.text) + MESSAGE_OVERHEAD_TOKENS;
    if (turnTokens + cost > budget * TURNS_SHARE || used + cost > budget) break;
    turns.unshift({ role: turn.role, content: turn.text });
    turnTokens += cost;
    used += cost;
  }
  // A conversation must not start with the model's own words.
  while (turns[0]?.role === 'assistant') used -= estimateTokens(turns.shift()!.content) + MESSAGE_OVERHEAD_TOKENS;

  sections.push(`${MEMORY_SECTION_HEADER}\n${lines.length ? lines.join('\n') : '(no memories found for this)'}`);
  if (editorBlock) sections.push(editorBlock);
  if (input.notes) sections.push(`## Your private notes for this answer\n${input.notes}`);

  const system = `${instructions}\n\n${sections.join('\n\n')}`;
  const messages: ChatMessage[] = [{ role: 'system', content: system }, ...turns, { role: 'user', content: questionFor(input.mode, question) }];
  const promptTokens = estimateMessagesTokens(messages);
  return {
    messages,
    report: {
      memories: kept,
      persona: personaUsed,
      ...(editorReport ? { editor: editorReport } : {}),
      turns: turns.length,
      dropped: { memories: input.memories.length - kept.length, turns: input.turns.length - turns.length },
      promptTokens,
      budgetTokens: budget,
    },
  };
}

function modeInstructions(mode: ChatMode, name: string): string {
  const cite = 'Ground what you say in the memories below and cite each one you use as [m:<id>], exactly as written there. When the memories do not say, say so; never invent a memory.';
  switch (mode) {
    case 'innerDialogue':
      return `You are the digital twin of ${name}, thinking aloud to yourself about a topic. Explore it in the first person: connect memories, notice patterns, tensions and open questions. ${cite}`;
    case 'emulation':
      return `You answer as ${name}, in the first person, for someone else who is trying out ${name}'s digital twin. You are read-only: propose no action and make no commitment. Respect every boundary below. ${cite}`;
    default:
      return `You are the digital twin of ${name}: their memory and second mind, talking with ${name}. Speak in their communication style and stay within their boundaries. ${cite}`;
  }
}

function questionFor(mode: ChatMode, question: string): string {
  return mode === 'innerDialogue' ? `Think aloud about: ${question}` : question;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function preview(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 79)}…` : flat;
}
