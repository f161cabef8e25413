import { renderMemoryLine, MEMORY_SECTION_HEADER } from '../llm/chat/memoryLines';
import { personaParts } from '../llm/chat/personaPrompt';
import type { ChatMessage } from '../llm/modelProvider';
import { StructuredOutputError } from '../llm/structuredOutput';
import { truncateToTokens } from '../llm/tokenEstimate';
import type { MemoryRecord } from '../memory/record';
import type { Persona } from '../persona/persona';
import { ModelBudgetError, type AgentContext } from './agentTypes';

/**
 * How agents talk to a model: the persona as the chat sends it, the memories as chat memory
 * lines (`[m:<id>] date (kind): text`, the form models already cite from), and one place that
 * decides when a failed model call falls back to the agent's offline method.
 */

/** The persona parts a chat prompt uses, as `## Part` sections. */
export function personaSections(persona: Persona): string {
  return personaParts(persona)
    .map((part) => `## ${part.name.charAt(0).toUpperCase()}${part.name.slice(1)}\n${part.text}`)
    .join('\n\n');
}

/** Memories as cite-able lines under the chat's memory header; long ones clipped. */
export function memorySection(records: readonly MemoryRecord[], maxTokensEach = 160): string {
  const lines = records.map((r) => renderMemoryLine({ id: r.id, ts: r.ts, kind: r.kind, text: r.text, score: 0, ...(r.project ? { project: r.project } : {}) }, truncateToTokens(r.text, maxTokensEach)));
  return `${MEMORY_SECTION_HEADER}\n${lines.join('\n')}`;
}

/** A system message (task, persona, memories, extra sections) and the user's request. */
export function agentMessages(task: string, persona: Persona, records: readonly MemoryRecord[], request: string, extra: string[] = []): ChatMessage[] {
  const sections = [task, personaSections(persona), ...extra, memorySection(records)].filter((s) => s.trim());
  return [
    { role: 'system', content: sections.join('\n\n') },
    { role: 'user', content: request },
  ];
}

/** A cancelled run: nothing to fall back to, the run ends. */
export function isAbort(error: unknown, signal: AbortSignal): boolean {
  return signal.aborted || (error instanceof Error && error.name === 'AbortError');
}

/**
 * Called when a model call failed: rethrows a cancellation, else logs why the agent falls back
 * to its offline method and returns that reason in a few words. Invalid JSON (after the retry),
 * a spent budget and an unreachable model all fall back: the run still produces something.
 */
export function fallBack(ctx: AgentContext, what: string, error: unknown): string {
  if (isAbort(error, ctx.signal)) throw error;
  const reason =
    error instanceof ModelBudgetError
      ? 'model-call budget spent'
      : error instanceof StructuredOutputError
        ? `unusable model JSON (${error.problem})`
        : `model failed (${error instanceof Error ? error.message : String(error)})`;
  ctx.log('warn', `${what}: ${reason}; using the offline method.`);
  return reason;
}
