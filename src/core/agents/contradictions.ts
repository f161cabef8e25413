import * as v from 'valibot';
import { renderMemoryLine } from '../llm/chat/memoryLines';
import { personaName } from '../llm/chat/personaPrompt';
import type { MemoryRecord } from '../memory/record';
import { agentMessages, fallBack } from './agentPrompt';
import { hasLink, isPersonReviewed, isPersonStatement } from './agentText';
import type { AgentContext } from './agentTypes';
import { canonicalTool, categoryOf, TOOL_CATEGORIES } from './techVocabulary';

/**
 * When a newer memory contradicts an older fact ("I use yarn", later "switched to pnpm"), the
 * older one gets a `superseded_by` link to the newer; both are kept and retrieval prefers the
 * newer. Offline this is a conservative reading of claims: a tool of a known kind the person
 * says they use, switched to or stopped using, and "my <thing> is <value>" / "I work at <x>".
 * With a model, the model judges the older statements the search finds, and only those.
 */
export interface Claim {
  /** A tool category ("package manager") or an attribute ("my editor", "work at"). */
  subject: string;
  value: string;
  /** "stopped using yarn": the value is no longer true. */
  negated: boolean;
}

const USE = /\b(?:i|we)(?:'m| am| are|'re)?\s+(?:now\s+|mostly\s+|always\s+|currently\s+|still\s+|only\s+)?(?:use|using|prefer|run|running|went with|chose|picked|settled on|rely on|work with|switched to|moved to|migrated to|changed to)\s+([^.;!?\n]{1,60})/gi;
const SWITCH = /\b(?:switch(?:ed|ing)?|move[ds]?|moving|migrat(?:e|ed|es|ing)|chang(?:e|ed|es|ing)|convert(?:ed|s|ing)?|went)\s+(?:\w+\s+){0,3}?from\s+([^.;!?\n]{1,40}?)\s+to\s+([^.;!?\n]{1,40})/gi;
const STOP = /\b(?:no longer use|stopped using|dropped|gave up on|(?:don't|do not) use(?: anymore)?)\s+([^.;!?\n]{1,40})/gi;
const INSTEAD = /\b([\w.:-]+(?:\s[\w.:-]+)?)\s+instead of\s+([\w.:-]+(?:\s[\w.:-]+)?)/gi;
const PREFER_OVER = /\bprefer\s+([\w.:-]+(?:\s[\w.:-]+)?)\s+(?:over|to)\s+([\w.:-]+(?:\s[\w.:-]+)?)/gi;
const REPLACED = /\breplaced\s+([\w.:-]+(?:\s[\w.:-]+)?)\s+with\s+([\w.:-]+(?:\s[\w.:-]+)?)/gi;
const MY_THING = /\bmy\s+((?:[a-z-]+\s){0,2}[a-z]+)\s+(?:is|are)\s+(?:now\s+|still\s+)?([^.,;!?\n]{1,40})/gi;
const PLACE = /\bi(?:'m| am)?\s+(?:now\s+)?(work(?:ing)? (?:at|for)|live in|living in|based in)\s+([^.,;!?\n]{1,40})/gi;
/** Things a person has one of at a time; "my test is failing" is a passing state, not such a fact. */
const STABLE_THINGS = /^(?:(?:favou?rite|preferred|main|default|current|go-to|primary|usual)\s.+|editor|shell|terminal|browser|os|laptop|machine|keyboard|stack|setup|team|role|job|title|manager|employer|company|city|home|timezone|time zone|email|handle|username|phone)$/;

/** The first known tool among the first words of `text`. */
function toolAt(text: string): string | undefined {
  const words = text.toLowerCase().split(/\s+/).map((w) => w.replace(/^[("'`]+|[)"'`,:]+$/g, '')).slice(0, 4);
  for (let i = 0; i < words.length; i++) {
    const two = i + 1 < words.length ? canonicalTool(`${words[i]} ${words[i + 1]}`) : undefined;
    const one = two ?? canonicalTool(words[i]);
    if (one && categoryOf(one)) return one;
  }
  return undefined;
}

/** Every known tool a text names, by category. */
function toolMentions(text: string): Map<string, Set<string>> {
  const words = text.toLowerCase().split(/\s+/).map((w) => w.replace(/^[("'`]+|[)"'`,:.;!?]+$/g, ''));
  const out = new Map<string, Set<string>>();
  for (let i = 0; i < words.length; i++) {
    for (const candidate of [i + 1 < words.length ? `${words[i]} ${words[i + 1]}` : '', words[i]]) {
      const name = candidate ? canonicalTool(candidate) : undefined;
      const category = name ? categoryOf(name) : undefined;
      if (category) out.set(category, (out.get(category) ?? new Set()).add(name!));
    }
  }
  return out;
}

function valueOf(raw: string): string {
  return raw
    .toLowerCase()
    .replace(/\b(?:now|these days|again|anymore|for everything|too)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The claims a text makes; a subject given two different values in one text is left out (it says nothing clear). */
export function claimsIn(text: string): Claim[] {
  const claims: Claim[] = [];
  const tool = (raw: string, negated: boolean) => {
    const name = toolAt(raw);
    if (name) claims.push({ subject: categoryOf(name)!, value: name, negated });
  };
  for (const m of text.matchAll(SWITCH)) {
    tool(m[1], true);
    tool(m[2], false);
  }
  for (const m of text.matchAll(USE)) tool(m[1], false);
  for (const m of text.matchAll(STOP)) tool(m[1], true);
  for (const m of [...text.matchAll(INSTEAD), ...text.matchAll(PREFER_OVER)]) {
    tool(m[1], false);
    tool(m[2], true);
  }
  for (const m of text.matchAll(REPLACED)) {
    tool(m[1], true);
    tool(m[2], false);
  }
  for (const m of text.matchAll(MY_THING)) {
    const thing = m[1].toLowerCase();
    if (STABLE_THINGS.test(thing)) claims.push({ subject: `my ${thing}`, value: valueOf(m[2]), negated: false });
  }
  // A place or an employer is a name: "I work at home today" is not one.
  for (const m of text.matchAll(PLACE)) {
    if (!/^\p{Lu}/u.test(m[2])) continue;
    const verb = m[1].toLowerCase();
    claims.push({ subject: verb.startsWith('work') ? 'work at' : 'live in', value: valueOf(m[2]), negated: false });
  }
  const positives = new Map<string, Set<string>>();
  for (const c of claims) if (!c.negated) positives.set(c.subject, (positives.get(c.subject) ?? new Set()).add(c.value));
  const unclear = new Set([...positives].filter(([, values]) => values.size > 1).map(([subject]) => subject));
  // "We use vitest for units and jest for e2e": two tools of a kind, neither replacing the other.
  for (const [category, tools] of toolMentions(text)) if (tools.size > 1 && !claims.some((c) => c.subject === category && c.negated)) unclear.add(category);
  const seen = new Set<string>();
  return claims.filter((c) => !unclear.has(c.subject) && c.value.length > 0 && !seen.has(`${c.subject}|${c.value}|${c.negated}`) && seen.add(`${c.subject}|${c.value}|${c.negated}`));
}

const same = (a: string, b: string) => a === b || a.startsWith(`${b} `) || b.startsWith(`${a} `);

/** True when a claim of `newer` says an older claim no longer holds. */
export function contradicts(newer: readonly Claim[], older: readonly Claim[]): boolean {
  return newer.some((n) =>
    older.some((o) => o.subject === n.subject && !o.negated && (n.negated ? same(o.value, n.value) : !same(o.value, n.value) && !newer.some((x) => x.subject === n.subject && !x.negated && same(x.value, o.value)))),
  );
}

/** Older statements by the person that the newer one may contradict: same project (or none), not reviewed, not already superseded. */
function olderCandidates(record: MemoryRecord, hits: readonly MemoryRecord[]): MemoryRecord[] {
  return hits.filter(
    (old) =>
      old.id !== record.id &&
      (old.ts < record.ts || (old.ts === record.ts && old.id < record.id)) &&
      isPersonStatement(old) &&
      !isPersonReviewed(old) &&
      !hasLink(old, 'superseded_by') &&
      !(old.project && record.project && old.project !== record.project),
  );
}

function searchQueryFor(claim: Claim): string {
  return TOOL_CATEGORIES[claim.subject]?.join(' ') ?? claim.subject.replace(/^my /, '');
}

async function offlineSuperseded(ctx: AgentContext, record: MemoryRecord): Promise<MemoryRecord[]> {
  const claims = claimsIn(record.text);
  if (claims.length === 0) return [];
  const until = new Date(Date.parse(record.ts) + 1);
  const out = new Map<string, MemoryRecord>();
  for (const subject of new Set(claims.map((c) => c.subject))) {
    const claim = claims.find((c) => c.subject === subject)!;
    const hits = await ctx.search(searchQueryFor(claim), { k: 20, kinds: ['note', 'chat'], until });
    for (const old of olderCandidates(record, hits)) if (contradicts(claims, claimsIn(old.text))) out.set(old.id, old);
  }
  return [...out.values()];
}

/** A statement that could state a fact at all (not a question, not a greeting). */
const CLAIMISH = /\b(?:use|using|prefer|switched|moved|migrated|no longer|stopped|now|is|are|am|live|work|chose|decided|replaced|instead)\b/i;

const SupersededSchema = v.object({ superseded: v.array(v.object({ id: v.string(), reason: v.optional(v.string()) })) });

async function modelSuperseded(ctx: AgentContext, record: MemoryRecord): Promise<MemoryRecord[]> {
  const until = new Date(Date.parse(record.ts) + 1);
  const hits = await ctx.search(record.text.slice(0, 400), { k: 8, kinds: ['note', 'chat'], until });
  const candidates = olderCandidates(record, hits);
  if (candidates.length === 0) return [];
  const name = personaName(ctx.persona);
  const task = [
    `You keep ${name}'s memory consistent. The new memory below may contradict older ones: the same subject with a different value now`,
    '(e.g. "I use yarn" and later "I switched to pnpm"). Only a real contradiction counts; a related or additional fact does not.',
    'Reply with JSON only: {"superseded":[{"id":"<older memory id>","reason":"<few words>"}]}, an empty list when none.',
  ].join('\n');
  const newer = `## New memory\n${renderMemoryLine({ id: record.id, ts: record.ts, kind: record.kind, text: record.text, score: 0 })}`;
  const answer = await ctx.model!.json('organizing', agentMessages(task, ctx.persona, candidates, 'Which older memories does the new memory supersede?', [newer]), SupersededSchema);
  const ids = new Set(answer.superseded.map((s) => s.id));
  return candidates.filter((c) => ids.has(c.id));
}

/**
 * Marks each older fact `record` contradicts as `superseded_by` it; returns the ids patched.
 * `useModel` says whether this run may still ask the model; `wrote` reports each record patched.
 */
export async function supersedeContradicted(ctx: AgentContext, record: MemoryRecord, useModel: () => boolean, wrote: (id: string) => void = (id) => ctx.wrote(id)): Promise<string[]> {
  if (!isPersonStatement(record)) return [];
  let older: MemoryRecord[] | undefined;
  if (ctx.model && CLAIMISH.test(record.text) && useModel()) {
    try {
      older = await modelSuperseded(ctx, record);
    } catch (error) {
      fallBack(ctx, 'organizer contradiction check', error);
    }
  }
  older ??= await offlineSuperseded(ctx, record);
  const patched: string[] = [];
  for (const old of older) {
    ctx.signal.throwIfAborted();
    const current = await ctx.store.memory.get(old.id);
    if (!current || isPersonReviewed(current) || hasLink(current, 'superseded_by', record.id)) continue;
    await ctx.store.memory.edit(old.id, { op: 'link', link: { rel: 'superseded_by', id: record.id } });
    wrote(old.id);
    patched.push(old.id);
  }
  return patched;
}
