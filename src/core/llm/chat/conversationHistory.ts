import type { MemoryRecord } from '../../memory/record';
import type { ChatMode, ConversationTurn } from './chatTypes';

/** One conversation as the history list shows it. */
export interface ConversationSummary {
  id: string;
  /** The first question, shortened. */
  title: string;
  mode: ChatMode;
  startedAt: string;
  updatedAt: string;
  turns: number;
}

/** Where the turns of a conversation come from: the memory log's full scan. */
export interface TurnSource {
  scan(): AsyncIterable<MemoryRecord>;
}

/**
 * Conversations are not stored apart: each turn is a `chat` (or `dialogue`) memory with
 * `meta.conversation`, so history is read back from the log, and forgetting a turn removes it
 * from history too. A full scan costs one pass over the log, so the pipeline caches the result.
 */
export async function readConversations(source: TurnSource): Promise<Map<string, { mode: ChatMode; turns: ConversationTurn[] }>> {
  const out = new Map<string, { mode: ChatMode; turns: ConversationTurn[] }>();
  for await (const record of source.scan()) {
    const turn = turnOf(record);
    if (!turn) continue;
    const entry = out.get(turn.conversation) ?? { mode: turn.mode, turns: [] };
    entry.turns.push(turn.turn);
    out.set(turn.conversation, entry);
  }
  for (const entry of out.values()) entry.turns.sort((a, b) => a.id.localeCompare(b.id));
  return out;
}

export function turnOf(record: MemoryRecord): { conversation: string; mode: ChatMode; turn: ConversationTurn } | undefined {
  if (record.kind !== 'chat' && record.kind !== 'dialogue') return undefined;
  const conversation = record.meta.conversation;
  const role = record.meta.role;
  if (typeof conversation !== 'string' || (role !== 'user' && role !== 'assistant')) return undefined;
  return {
    conversation,
    mode: record.kind === 'dialogue' ? 'innerDialogue' : 'conversation',
    turn: { id: record.id, role, text: record.text, ts: record.ts },
  };
}

export function summarize(id: string, mode: ChatMode, turns: ConversationTurn[]): ConversationSummary {
  const first = turns.find((t) => t.role === 'user')?.text.replace(/\s+/g, ' ').trim() ?? '';
  return {
    id,
    title: first.length > 60 ? `${first.slice(0, 59)}…` : first,
    mode,
    startedAt: turns[0]?.ts ?? '',
    updatedAt: turns[turns.length - 1]?.ts ?? '',
    turns: turns.length,
  };
}
