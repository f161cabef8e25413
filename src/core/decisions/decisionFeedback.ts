import type { ProfileStore } from '../profile/profileStore';
import { adaptTrust, preferenceFromCorrection, suggestTrust } from './decisionLearning';
import type { Policy, ProposalState, TrustSuggestion } from './decisionTypes';
import { loadPolicy, savePolicy } from './policy';

/** Suggestions already announced (audited), so each new one is audited once. */
const SUGGESTED_FILE = 'approvals/suggested.json';

/**
 * What the decision engine learns from the person: preferences from rejections and edits (notes
 * tagged `preference`), suggestions to raise trust (shown, audited once, never applied), and the
 * moves of `adaptive` skills after each outcome (saved to policy.json and audited).
 */
export class DecisionFeedback {
  constructor(
    private readonly store: ProfileStore,
    /** Identical approvals in a row before a promotion is suggested (setting `decisions.suggestTrustAfter`). */
    private readonly threshold: number,
  ) {}

  /** A rejection or dismissal with a reason, or an edit, becomes a preference note, when there is one to draw. */
  async recordPreference(state: ProposalState): Promise<string | undefined> {
    const text = preferenceFromCorrection(state);
    if (!text) return undefined;
    const record = await this.store.memory.append({
      kind: 'note',
      text,
      source: 'agent:decisions',
      tags: ['preference'],
      meta: { proposal: state.id, skill: state.skill, correction: state.status === 'rejected' || state.status === 'dismissed' ? state.status : 'edited' },
    });
    return record.id;
  }

  /**
   * Moves an adaptive skill's current level after an outcome; returns the new level when it moved.
   * A skill adaptive without `adaptiveSince` (a policy from before it, or edited by hand) gets it
   * stamped now: nothing says when the person chose adaptive, so none of its past counts and it
   * falls to its floor, to rise again on the outcomes from now on.
   */
  async adapt(skill: string, history: ProposalState[]): Promise<string | undefined> {
    const { policy, error } = loadPolicy(this.store.files);
    const trust = policy.skills[skill];
    if (error || trust?.level !== 'adaptive') return undefined;
    const stamped = trust.adaptiveSince ? trust : { ...trust, adaptiveSince: this.store.files.clock().toISOString() };
    const next = adaptTrust(stamped, history.filter((s) => s.skill === skill), this.threshold);
    const from = trust.current ?? 'supervised';
    const to = next.current ?? 'supervised';
    if (from === to && stamped === trust) return undefined;
    await savePolicy(this.store.files, this.store.lock, { ...policy, skills: { ...policy.skills, [skill]: next } });
    if (from === to) return undefined;
    const last = history.filter((s) => s.skill === skill).at(-1);
    const why = stamped === trust ? '' : ' (counted from now: policy.json did not say since when it is adaptive)';
    await this.store.audit.record({ type: 'trust', skill, change: 'level', from, to, reason: `adaptive trust after ${last ? `proposal ${last.id} ${last.status}` : 'an outcome'}${why}` });
    return to;
  }

  /** Suggestions from the history; the ones not announced before are audited now. */
  async suggestions(history: ProposalState[], policy: Policy): Promise<TrustSuggestion[]> {
    const suggestions = suggestTrust(history, policy, this.threshold);
    const keys = suggestions.map(suggestionKey);
    if (sameKeys(this.readAnnounced(), keys)) return suggestions;
    await this.store.lock.withLock('trust suggestions', () => {
      const announced = new Set(this.readAnnounced());
      for (const s of suggestions) {
        if (announced.has(suggestionKey(s))) continue;
        this.store.audit.appendLocked({ type: 'trust', skill: s.skill, change: 'suggested', from: s.from, to: s.to, reason: s.reason });
      }
      // Suggestions that went away are forgotten, so they are announced again if they come back.
      this.store.files.writeAtomic(SUGGESTED_FILE, `${JSON.stringify(keys)}\n`);
    });
    return suggestions;
  }

  private readAnnounced(): string[] {
    try {
      const parsed = JSON.parse(this.store.files.read(SUGGESTED_FILE)?.toString('utf8') ?? '[]') as unknown;
      return Array.isArray(parsed) ? parsed.filter((k): k is string => typeof k === 'string') : [];
    } catch {
      return [];
    }
  }
}

function suggestionKey(s: TrustSuggestion): string {
  return `${s.skill}:${s.from}->${s.to}`;
}

function sameKeys(a: string[], b: string[]): boolean {
  return a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');
}
