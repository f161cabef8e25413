import type { Thought, ThoughtEvent, ThoughtKind } from '../../src/protocol/reflectionsProtocol';

/** Pure logic of the reflections view: labels, filters, and the live drafts that become records. */

export const THOUGHT_KINDS: readonly ThoughtKind[] = ['reflection', 'dream', 'dialogue'];

export type DateRange = 'all' | 'today' | 'week' | 'month';

export interface ThoughtFilter {
  kinds: readonly ThoughtKind[];
  range: DateRange;
}

export const ALL_THOUGHTS: ThoughtFilter = { kinds: THOUGHT_KINDS, range: 'all' };

export const RANGE_LABELS: Record<DateRange, string> = { all: 'Any time', today: 'Today', week: 'Last 7 days', month: 'Last 30 days' };

export function kindLabel(kind: string): string {
  switch (kind) {
    case 'reflection':
      return 'Reflection';
    case 'dream':
      return 'Dream';
    case 'dialogue':
      return 'Inner dialogue';
    default:
      return kind;
  }
}

/** Dreams recombine memories freely: never to be read as what happened. */
export function isImaginative(kind: string): boolean {
  return kind === 'dream';
}

/** The start of a range (local midnight for today), or undefined for any time. */
export function rangeStart(range: DateRange, now: Date): Date | undefined {
  if (range === 'all') return undefined;
  if (range === 'today') return new Date(now.getFullYear(), now.getMonth(), now.getDate());
  return new Date(now.getTime() - (range === 'week' ? 7 : 30) * 86_400_000);
}

export function filterThoughts(thoughts: readonly Thought[], filter: ThoughtFilter, now: Date): Thought[] {
  const start = rangeStart(filter.range, now)?.getTime() ?? -Infinity;
  return thoughts.filter((t) => filter.kinds.includes(t.kind) && Date.parse(t.ts) >= start);
}

export function toggleKind(filter: ThoughtFilter, kind: ThoughtKind): ThoughtFilter {
  const kinds = filter.kinds.includes(kind) ? filter.kinds.filter((k) => k !== kind) : THOUGHT_KINDS.filter((k) => k === kind || filter.kinds.includes(k));
  return { ...filter, kinds };
}

/** A thought being written: its text so far, under the draft id it streams with. */
export interface LiveDraft {
  draft: string;
  kind: string;
  origin: string;
  text: string;
}

export interface LiveMessage {
  origin: string;
  event: ThoughtEvent;
}

/**
 * Applies one streamed piece: text grows its draft; a record replaces its draft and joins the
 * list at the top (with the ids it cites, until the host's next list fills in their previews).
 */
export function applyLive(drafts: readonly LiveDraft[], thoughts: readonly Thought[], { origin, event }: LiveMessage, now: Date): { drafts: LiveDraft[]; thoughts: Thought[] } {
  if (event.type === 'text') {
    const existing = drafts.find((d) => d.draft === event.draft);
    const next = existing ? drafts.map((d) => (d === existing ? { ...d, text: d.text + event.text } : d)) : [...drafts, { draft: event.draft, kind: event.kind, origin, text: event.text }];
    return { drafts: next, thoughts: [...thoughts] };
  }
  const remaining = drafts.filter((d) => d.draft !== event.draft);
  if (thoughts.some((t) => t.id === event.id) || !isThoughtKind(event.kind)) return { drafts: remaining, thoughts: [...thoughts] };
  const written: Thought = { id: event.id, kind: event.kind, ts: now.toISOString(), text: event.text, source: origin === 'dialogue' ? 'chat' : `agent:${origin}`, cites: event.cites.map((id) => ({ id, kind: '', preview: '' })) };
  return { drafts: remaining, thoughts: [written, ...thoughts] };
}

function isThoughtKind(kind: string): kind is ThoughtKind {
  return (THOUGHT_KINDS as readonly string[]).includes(kind);
}

/** Who wrote a thought, in words. */
export function sourceLabel(source: string): string {
  if (source.startsWith('agent:')) {
    const agent = source.slice('agent:'.length);
    return `by the ${agent}`;
  }
  if (source === 'chat' || source === 'dialogue') return 'when you asked';
  return `from ${source}`;
}

export function citesLabel(count: number): string {
  return count === 1 ? 'Cites 1 memory' : `Cites ${count} memories`;
}
