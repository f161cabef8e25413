import { recordFiles } from '../index/recordFields';
import type { MemoryRecord } from '../memory/record';
import { hasLink, isAgentThought, isCaptureTrivia, isPersonStatement, isTwinAnswer } from './agentText';
import type { AgentContext } from './agentTypes';

/**
 * `related` links from a newly organized memory to earlier ones about the same thing: the search
 * finds candidates by meaning, and a link is made only when the two also share a name (a file,
 * a library, a person, a concept). Records of the same coding session or conversation are
 * already tied together by capture and chat, and a session is only linked to other sessions.
 */
const MAX_LINKS = 3;
const GENERIC = new Set(['main', 'master', 'develop', 'dev', 'trunk', 'head']);

/** Whether a record is worth the search: the person's words, a commit, a session. */
export function wantsRelatedLinks(record: MemoryRecord): boolean {
  if (isPersonStatement(record)) return true;
  return record.kind === 'event' && (record.tags.includes('commit') || record.tags.includes('session-summary'));
}

function names(record: MemoryRecord): Set<string> {
  const out = new Set<string>();
  for (const e of record.entities) out.add(e.toLowerCase());
  for (const f of recordFiles(record)) out.add(f.toLowerCase());
  for (const g of GENERIC) out.delete(g);
  return out;
}

function sameThread(a: MemoryRecord, b: MemoryRecord): boolean {
  const session = a.meta.session !== undefined && a.meta.session === b.meta.session;
  const conversation = a.meta.conversation !== undefined && a.meta.conversation === b.meta.conversation;
  return session || conversation || hasLink(a, 'summarizes', b.id) || hasLink(b, 'summarizes', a.id);
}

function fits(record: MemoryRecord, other: MemoryRecord): boolean {
  if (other.id === record.id || other.ts > record.ts || sameThread(record, other)) return false;
  if (isAgentThought(other) || isTwinAnswer(other) || isCaptureTrivia(other) || other.kind === 'dream') return false;
  const isSession = (r: MemoryRecord) => r.tags.includes('session-summary');
  return isSession(record) === isSession(other);
}

/** Adds the links to `record` (with the entities it has after organizing); returns how many. */
export async function linkRelated(ctx: AgentContext, record: MemoryRecord): Promise<number> {
  const mine = names(record);
  if (mine.size === 0) return 0;
  const hits = await ctx.search(record.text.slice(0, 400), { k: 10, until: new Date(Date.parse(record.ts) + 1) });
  let added = 0;
  for (const other of hits) {
    if (added >= MAX_LINKS) break;
    if (!fits(record, other) || hasLink(record, 'related', other.id)) continue;
    if (![...names(other)].some((n) => mine.has(n))) continue;
    await ctx.store.memory.edit(record.id, { op: 'link', link: { rel: 'related', id: other.id } });
    added++;
  }
  return added;
}
