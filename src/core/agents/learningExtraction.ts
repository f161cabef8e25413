import * as v from 'valibot';
import type { AuditEntry } from '../audit/auditEntry';
import type { MemoryRecord } from '../memory/record';
import { agentMessages } from './agentPrompt';
import { clip, gist, isAgentThought, normalized, sentences } from './agentText';
import type { AgentContext } from './agentTypes';
import { LEARNING_CATEGORIES, type Learning, type LearningCategory } from './learnings';

/**
 * Where overnight learnings come from: what the person said (notes, their side of chats), what
 * they corrected or marked wrong, and the proposals they rejected (the audit's `approval`
 * entries). Offline, sentences that state a rule ("I prefer…", "never…", "use X instead of Y")
 * are kept in the person's own words; a model distils the same material into short rules.
 */
export const MAX_LEARNINGS = 12;
const TEXT_MAX = 200;

const INSTEAD = /\b(?:use|prefer|pick|choose|go with)\b.+\binstead of\b|\brather than\b/i;
const AVOID = /\b(?:never|don'?t|do not|doesn'?t|avoid|stop|no more|hate|dislike|can'?t stand)\b/i;
const ALWAYS = /\b(?:always|make sure|rule of thumb|better to|should always|must)\b|^when\b.+,/i;
const PREFER = /\b(?:i|we)\s+(?:really\s+)?(?:prefer|like|love|want|'d rather|would rather|enjoy)\b|\bi'd rather\b|\bprefer(?:s|red)?\b/i;
const STYLE = /\b(?:tone|concise|terse|shorter|longer|verbose|formal|casual|bullet(?:s| points)?|emoji|spelling|comments?|naming|names?|tabs|spaces|indent(?:ation)?|style|format(?:ting)?|commit messages?|wording|capitali[sz]ed?|camel ?case|snake ?case)\b/i;

/** The category a sentence states a rule of, or undefined when it states none. */
export function ruleCategory(sentence: string): LearningCategory | undefined {
  if (sentence.endsWith('?')) return undefined;
  const rule = INSTEAD.test(sentence) ? 'heuristic' : AVOID.test(sentence) ? 'avoid' : ALWAYS.test(sentence) ? 'heuristic' : PREFER.test(sentence) ? 'preference' : undefined;
  if (!rule) return undefined;
  return STYLE.test(sentence) ? 'style' : rule;
}

/** Memories the learnings read: the person's own words and the records they judged. */
export function isLearningSource(record: MemoryRecord): boolean {
  if (isAgentThought(record)) return false;
  const said = record.kind === 'note' || (record.kind === 'chat' && record.meta.role !== 'assistant');
  return said || record.validated === false || record.meta.corrected !== undefined;
}

/** Rule-like sentences of the person's words, each citing its memory; the judged records as avoid/style notes. */
export function offlineLearnings(records: readonly MemoryRecord[]): Learning[] {
  const out: Learning[] = [];
  for (const record of records) {
    if (record.validated === false) {
      const reason = typeof record.meta.wrongReason === 'string' && record.meta.wrongReason.trim() ? `: ${clip(record.meta.wrongReason, 120)}` : '';
      out.push({ category: 'avoid', text: `Do not rely on "${gist(record, 100)}" — marked wrong${reason}`, cites: [record.id] });
      continue;
    }
    if (record.meta.corrected !== undefined && record.kind !== 'note' && record.kind !== 'chat') {
      out.push({ category: 'style', text: `The person corrected this to read: "${gist(record, 120)}"`, cites: [record.id] });
      continue;
    }
    for (const sentence of sentences(record.text)) {
      const category = ruleCategory(sentence);
      if (category) out.push({ category, text: clip(sentence, TEXT_MAX), cites: [record.id] });
    }
  }
  return out;
}

/**
 * Proposals the person rejected, and the twin's suggestions they dismissed, since `since`: things to
 * avoid (they cite no memory: the audit holds them). Either is the person saying "not this".
 */
export function rejectionLearnings(entries: readonly AuditEntry[], since: string): Learning[] {
  const out: Learning[] = [];
  for (const entry of entries) {
    if (entry.type !== 'approval' || (entry.action !== 'rejected' && entry.action !== 'dismissed') || entry.ts < since) continue;
    const reason = entry.reason?.trim() ? `: ${clip(entry.reason, 160)}` : '';
    const what = entry.action === 'rejected' ? 'Proposals to run' : 'Suggestions to run';
    out.push({ category: 'avoid', text: `${what} "${entry.skill}" like the one ${entry.action} were not wanted${reason}`, cites: [] });
  }
  return out;
}

/** The audit entries of the UTC days from `since` to `until`. */
export function auditSince(ctx: AgentContext, since: Date, until: Date): AuditEntry[] {
  const out: AuditEntry[] = [];
  for (let day = new Date(Date.UTC(since.getUTCFullYear(), since.getUTCMonth(), since.getUTCDate())); day <= until; day = new Date(day.getTime() + 86_400_000)) {
    out.push(...ctx.store.audit.entries(day.toISOString().slice(0, 10)));
  }
  return out;
}

const LearningsSchema = v.object({
  learnings: v.array(
    v.object({
      category: v.picklist(LEARNING_CATEGORIES),
      text: v.pipe(v.string(), v.trim(), v.minLength(1)),
      cites: v.optional(v.array(v.string()), []),
    }),
  ),
});

/** The model's distillation of the day's memories into rules; citations to memories it was not given are dropped. */
export async function modelLearnings(ctx: AgentContext, records: readonly MemoryRecord[], rejections: readonly Learning[], extra: string[]): Promise<Learning[]> {
  const task = [
    'You are reviewing a day of memories overnight to learn how this person likes things done.',
    'Distil at most 8 short, durable rules in four categories: "preference" (what they like), "heuristic" (how they decide or work), "style" (how they want things written or formatted), "avoid" (what they do not want).',
    'Only rules the memories support; cite each rule\'s memories by id. No rule from a single passing remark about something else.',
    'Reply with JSON only: {"learnings":[{"category":"preference","text":"<one sentence>","cites":["<memory id>"]}]}',
  ].join(' ');
  const rejected = rejections.length ? [`## Proposals the person rejected or dismissed today\n${rejections.map((r) => `- ${r.text}`).join('\n')}`] : [];
  const answer = await ctx.model!.json('reflection', agentMessages(task, ctx.persona, records, 'What did you learn today?', [...extra, ...rejected]), LearningsSchema);
  const known = new Set(records.map((r) => r.id));
  return answer.learnings.map((l) => ({ category: l.category, text: clip(l.text, TEXT_MAX), cites: l.cites.filter((id) => known.has(id)) }));
}

/** Drops repeats (same words) and keeps at most `MAX_LEARNINGS`, one category not crowding out the rest. */
export function distinctLearnings(learnings: readonly Learning[]): Learning[] {
  const seen = new Map<string, Learning>();
  for (const l of learnings) {
    const key = normalized(l.text);
    const known = seen.get(key);
    if (known) known.cites = [...new Set([...known.cites, ...l.cites])];
    else seen.set(key, { ...l, cites: [...l.cites] });
  }
  const all = [...seen.values()];
  const out: Learning[] = [];
  // Round-robin over the categories so ten "avoid"s do not push out the one style note.
  for (let i = 0; out.length < MAX_LEARNINGS && out.length < all.length; i++) {
    for (const category of LEARNING_CATEGORIES) {
      const ofCategory = all.filter((l) => l.category === category);
      if (ofCategory[i] && out.length < MAX_LEARNINGS) out.push(ofCategory[i]);
    }
  }
  return out;
}
