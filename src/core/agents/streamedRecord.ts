import type { NewMemoryRecord } from '../memory/memoryLog';
import type { MemoryKind, MemoryRecord } from '../memory/record';
import { nextTurn } from './agentText';
import type { AgentContext } from './agentTypes';

/**
 * A record the views watch being written: its text goes out as `text` outputs under one draft id
 * while it is produced (a model's tokens, or an extractive text piece by piece), then the record
 * is appended with its citations and announced as `record` with the same draft id.
 */

/** A draft id unique within the run. */
export function draftId(ctx: AgentContext, kind: MemoryKind, n = 0): string {
  return `${ctx.runId}:${kind}:${n}`;
}

/** Emits each piece as it arrives; returns the whole text. Stops between pieces when the run is cancelled. */
export async function streamDraft(ctx: AgentContext, kind: MemoryKind, draft: string, pieces: AsyncIterable<string> | Iterable<string>): Promise<string> {
  let text = '';
  for await (const piece of pieces) {
    ctx.signal.throwIfAborted();
    if (!piece) continue;
    text += piece;
    ctx.emit({ type: 'text', draft, kind, text: piece });
  }
  return text;
}

/** An already written text in the pieces a stream would bring: a few words at a time, a line at most. */
export async function* piecesOf(text: string, wordsPerPiece = 6): AsyncGenerator<string, void, undefined> {
  let piece = '';
  let words = 0;
  for (const token of text.match(/\s*\S+\s*/g) ?? [text]) {
    piece += token;
    words++;
    if (words >= wordsPerPiece || token.includes('\n')) {
      yield piece;
      piece = '';
      words = 0;
      await nextTurn();
    }
  }
  if (piece) yield piece;
}

/** Appends the record with `cites` links and `meta.cites`, counts it for the run, and announces it. */
export async function writeCiting(ctx: AgentContext, draft: string | undefined, input: NewMemoryRecord, cites: readonly string[]): Promise<MemoryRecord> {
  const unique = [...new Set(cites)];
  const record = await ctx.store.memory.append({
    ...input,
    links: [...(input.links ?? []), ...unique.map((id) => ({ rel: 'cites', id }))],
    meta: { ...input.meta, cites: unique },
  });
  ctx.wrote(record.id);
  ctx.emit({ type: 'record', ...(draft ? { draft } : {}), id: record.id, kind: record.kind, text: record.text, cites: unique });
  return record;
}
