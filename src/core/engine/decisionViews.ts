import type { DecisionsState, ProposalView } from '../../protocol/decisionsProtocol';
import type { DecisionsSnapshot } from '../decisions/decisionEngine';
import type { ProposalState, SkillTrust } from '../decisions/decisionTypes';
import type { SkillManifest } from '../skills/skillTypes';

/** A proposal as the views and the CLI show it. */
export function proposalView(state: ProposalState, title: (skill: string) => string): ProposalView {
  const { undo, ...rest } = state;
  const undoable = (state.status === 'executed' || state.status === 'failed') && undo !== undefined && (undo.files.length > 0 || undo.task !== undefined);
  return { ...rest, skillTitle: title(state.skill), undoable };
}

export function skillView(manifest: SkillManifest, trust: SkillTrust): DecisionsState['skills'][number] {
  return {
    id: manifest.id,
    title: manifest.title,
    description: manifest.description,
    risk: manifest.risk,
    enabled: trust.enabled,
    level: trust.level,
    ...(trust.ceiling ? { ceiling: trust.ceiling } : {}),
    ...(trust.current ? { current: trust.current } : {}),
  };
}

export function decisionsStateView(snapshot: DecisionsSnapshot): DecisionsState {
  const titles = new Map(snapshot.skills.map((s) => [s.manifest.id, s.manifest.title]));
  const title = (skill: string) => titles.get(skill) ?? skill;
  return {
    pending: snapshot.pending.map((s) => proposalView(s, title)),
    recent: snapshot.recent.map((s) => proposalView(s, title)),
    skills: snapshot.skills.map((s) => skillView(s.manifest, s.trust)),
    suggestions: snapshot.suggestions,
    paused: snapshot.paused,
    dryRun: snapshot.dryRun,
    ...(snapshot.policyError ? { policyError: snapshot.policyError } : {}),
  };
}
