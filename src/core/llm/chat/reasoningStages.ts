import type { ChatMessage } from '../modelProvider';
import type { ContextReport } from './chatTypes';

/**
 * Reasoning depth: at depth ≥ 1 a planning stage and `depth` critic rounds run before the
 * answer. Their text streams to the person (the "thinking" section) and is then handed to the
 * answer as private notes. Each stage is one more model call on the same assembled prompt.
 */

export function planMessages(prompt: ChatMessage[]): ChatMessage[] {
  return withTask(
    prompt,
    'Do not answer yet. Plan the answer, briefly, under three headings: What is asked; Which memories matter (cite them as [m:<id>]) and why; Ambiguities or missing information.',
  );
}

export function criticMessages(prompt: ChatMessage[], plan: string, critiques: string[], round: number): ChatMessage[] {
  const earlier = critiques.map((c, i) => `Critique ${i + 1}:\n${c}`).join('\n\n');
  return withTask(
    prompt,
    `Do not answer yet. Here is the plan for the answer:\n${plan}\n\n${earlier ? `${earlier}\n\n` : ''}Critic round ${round}: check the plan against the memories. Name what is wrong, unsupported, missing or outside a boundary, and how the answer should fix it. Be brief.`,
  );
}

/** The stage outputs as the answer's private notes. */
export function stageNotes(plan: string, critiques: string[]): string {
  return [`Plan:\n${plan}`, ...critiques.map((c, i) => `Critique ${i + 1}:\n${c}`)].join('\n\n');
}

/** The offline provider cannot plan: the stages then say, from the retrieval alone, what a plan would. */
export function offlinePlan(question: string, report: ContextReport): string {
  const memories = report.memories.slice(0, 5).map((m) => `- [m:${m.id}] (score ${m.score.toFixed(3)}) ${m.preview}`);
  const ambiguities = [
    report.memories.length === 0 ? 'No memory matches: the answer can only say so.' : '',
    report.dropped.memories > 0 ? `${report.dropped.memories} less relevant memories did not fit the budget.` : '',
    question.trim().split(/\s+/).length < 3 ? 'The question is very short; it may mean more than one thing.' : '',
  ].filter(Boolean);
  return [`What is asked: ${question.trim()}`, `Memories that matter:\n${memories.join('\n') || '- none'}`, `Ambiguities: ${ambiguities.join(' ') || 'none found.'}`].join('\n');
}

export function offlineCritic(round: number, report: ContextReport): string {
  return `Critic round ${round}: without a model the answer quotes the memories' own sentences, so it can only be as right as they are; every citation points to one of the ${report.memories.length} memories above.`;
}

function withTask(prompt: ChatMessage[], task: string): ChatMessage[] {
  const last = prompt[prompt.length - 1];
  return [...prompt.slice(0, -1), { role: 'user', content: `${last.content}\n\n---\n${task}` }];
}
