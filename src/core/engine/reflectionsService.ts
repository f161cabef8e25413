import { randomUUID } from 'node:crypto';
import type { Messenger } from '../../protocol/messenger';
import { ReflectionsDialogueStream, ReflectionsListRequest, type Thought, type ThoughtEvent, type ThoughtKind } from '../../protocol/reflectionsProtocol';
import type { ChatEvent } from '../../protocol/chatProtocol';
import type { MemoryRecord } from '../memory/record';
import type { ProfileStore } from '../profile/profileStore';

export interface ReflectionsPorts {
  openStore(): Promise<ProfileStore>;
  /**
   * Starts the engine's "memory changed" notices (they come from the memory index's tail), which
   * the view follows for thoughts written in another window or by `mh`.
   */
  followMemoryChanges?(): void;
  /** The chat pipeline's turn (inner-dialogue mode writes `dialogue` records citing memories). */
  ask(params: { message: string; mode: 'innerDialogue' }, signal: AbortSignal): AsyncIterable<ChatEvent>;
}

export interface ThoughtFilter {
  kinds?: ThoughtKind[];
  since?: string;
  until?: string;
  limit?: number;
}

const KINDS: readonly ThoughtKind[] = ['reflection', 'dream', 'dialogue'];
const PREVIEW = 100;
const DEFAULT_LIMIT = 200;

/** Stored reflections, dreams and inner-dialogue turns with the memories they cite, newest first. */
export async function listThoughts(store: ProfileStore, filter: ThoughtFilter = {}): Promise<Thought[]> {
  const kinds = filter.kinds?.length ? filter.kinds : KINDS;
  const since = filter.since ? Date.parse(filter.since) : -Infinity;
  const until = filter.until ? Date.parse(filter.until) : Infinity;
  const records: MemoryRecord[] = [];
  for (const kind of kinds) records.push(...(await store.memory.list({ kind })));
  const inTime = records.filter((r) => {
    const ts = Date.parse(r.ts);
    return ts >= since && ts <= until;
  });
  // A chat-style inner dialogue keeps the person's prompt as its own record: it is the topic, not a thought.
  const prompts = new Map<string, string>();
  for (const r of records) if (r.kind === 'dialogue' && r.meta.role === 'user' && typeof r.meta.conversation === 'string') prompts.set(r.meta.conversation, r.text);
  const thoughts = inTime
    .filter((r) => !(r.kind === 'dialogue' && r.meta.role === 'user'))
    .sort((a, b) => (a.ts === b.ts ? (a.id < b.id ? 1 : -1) : a.ts < b.ts ? 1 : -1))
    .slice(0, filter.limit ?? DEFAULT_LIMIT);
  return Promise.all(thoughts.map((r) => toThought(store, r, prompts)));
}

async function toThought(store: ProfileStore, record: MemoryRecord, prompts: Map<string, string>): Promise<Thought> {
  const cites = [];
  for (const link of record.links.filter((l) => l.rel === 'cites')) {
    const cited = await store.memory.get(link.id);
    cites.push({ id: link.id, kind: cited?.kind ?? 'forgotten', preview: cited ? preview(cited.text) : '' });
  }
  const topic = topicOf(record, prompts);
  return { id: record.id, kind: record.kind as ThoughtKind, ts: record.ts, text: record.text, source: record.source, ...(topic ? { topic } : {}), cites };
}

function topicOf(record: MemoryRecord, prompts: Map<string, string>): string | undefined {
  if (record.kind !== 'dialogue') return undefined;
  const topic = record.meta.topic as { text?: unknown } | undefined;
  if (typeof topic?.text === 'string') return topic.text;
  return typeof record.meta.conversation === 'string' ? prompts.get(record.meta.conversation) : undefined;
}

function preview(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > PREVIEW ? `${flat.slice(0, PREVIEW - 1)}…` : flat;
}

/**
 * One inner-dialogue turn on the person's topic through the chat pipeline's inner-dialogue mode
 * (persona, retrieval, citations, offline fallback), streamed as a draft, then the record it wrote.
 */
export async function* dialogueTurn(ports: ReflectionsPorts, topic: string, signal: AbortSignal): AsyncGenerator<ThoughtEvent, void, undefined> {
  const draft = `dialogue-${randomUUID()}`;
  let conversationId: string | undefined;
  for await (const event of ports.ask({ message: topic, mode: 'innerDialogue' }, signal)) {
    if (event.type === 'token' && event.text) yield { type: 'text', draft, kind: 'dialogue', text: event.text };
    else if (event.type === 'done') conversationId = event.conversationId;
  }
  if (!conversationId) throw new Error('The inner dialogue ended without writing a turn.');
  const store = await ports.openStore();
  const turns = (await store.memory.list({ kind: 'dialogue' })).filter((r) => r.meta.conversation === conversationId && r.meta.role === 'assistant');
  const record = turns[0];
  if (!record) throw new Error('The inner dialogue had nothing to say on that topic; nothing was written.');
  yield { type: 'record', draft, id: record.id, kind: 'dialogue', text: record.text, cites: record.links.filter((l) => l.rel === 'cites').map((l) => l.id) };
}

export function registerReflectionsHandlers(messenger: Messenger, ports: ReflectionsPorts): void {
  messenger.onRequest(ReflectionsListRequest, async (params) => {
    ports.followMemoryChanges?.();
    return { thoughts: await listThoughts(await ports.openStore(), params) };
  });
  messenger.onStream(ReflectionsDialogueStream, ({ topic }, ctx) => dialogueTurn(ports, topic, ctx.signal));
}
