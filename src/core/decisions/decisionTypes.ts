/**
 * The decision engine's contract (DESIGN.md, "Decisions and skills"; issue 8). Every action,
 * whoever proposes it (chat, an agent, the CLI), goes proposal → decision → (approval) →
 * execution → outcome, each step one event in `approvals/queue.jsonl` and one audit entry.
 */
import type { TimeWindow } from '../persona/persona';
import type { SkillManifest, SkillPreview, SkillRisk, UndoInfo } from '../skills/skillTypes';
import type { TrustLevel } from './trust';

export type Decision = 'allow' | 'ask' | 'deny';

/** Who proposed: `chat`, `agent:<id>`, `cli` (a script asking), `person` (the person's own `mh skills run`). */
export type ProposalSource = 'chat' | 'cli' | 'person' | `agent:${string}`;

export interface ProposalInput {
  skill: string;
  args: Record<string, unknown>;
  source: ProposalSource;
  /** Why the proposer wants it, shown to the person. */
  reason: string;
  /** Preview only, never execute (also forced by the global dry-run setting). */
  dryRun?: boolean;
  /** Absolute workspace root the action is about. */
  workspace?: string;
}

/** The policy's verdict and the rule that gave it. */
export interface DecisionResult {
  decision: Decision;
  /** `rule:<id>`, `trust:<level>`, `skill:disabled`, `autonomy:paused`, `policy:broken`, `path:outside-workspace`, `command:unmatched`… */
  rule: string;
  /** One sentence for the person. */
  reason: string;
  /** The effective trust level it was decided at (adaptive resolved to its current level). */
  trust: TrustLevel;
}

/** Per-skill trust settings, in `policy.json`. */
export interface SkillTrust {
  enabled: boolean;
  level: TrustLevel;
  /** For `adaptive`: the highest level it may rise to (never above `bounded`). */
  ceiling?: TrustLevel;
  /** For `adaptive`: where it stands now (starts at `supervised`). */
  current?: TrustLevel;
  /**
   * For `adaptive`: when the person set it (ISO time, UTC). Only outcomes from then on move it:
   * approvals given before were not given to a skill that could earn its way up. Without it (a
   * policy from before this field, or edited by hand) the count starts at the next outcome.
   */
  adaptiveSince?: string;
}

/** A rule in `policy.json`. Deny rules beat ask rules beat allow rules; the first match of the strongest kind decides. */
export interface PolicyRule {
  id: string;
  description?: string;
  effect: Decision;
  /** Skill ids it covers; absent = every skill. */
  skills?: string[];
  risks?: SkillRisk[];
  /** Proposal sources it covers (`agent:*` matches every agent). */
  sources?: string[];
  /** Only during the persona's quiet hours (true) or only outside them (false). */
  quietHours?: boolean;
  /** Path arguments must resolve inside the workspace (after symlinks and `..`). */
  pathsInsideWorkspace?: boolean;
  /** Shell commands: each simple command must equal one of `exact` or match one of `patterns` (anchored regular expressions). */
  commands?: { exact?: string[]; patterns?: string[] };
  /** At most `max` executions of the covered skills, proposed by the covered sources, per `perMinutes`. */
  rate?: { max: number; perMinutes: number };
}

export interface Policy {
  format: 'metahuman.policy';
  version: number;
  skills: Record<string, SkillTrust>;
  rules: PolicyRule[];
  /** Pending proposals expire after this many hours. */
  approvalExpiryHours?: number;
}

/** One execution, for rate rules: when, which skill, and who proposed it (a rate counts only its rule's sources). */
export interface RecentRun {
  ts: string;
  skill: string;
  source?: ProposalSource;
}

/** Everything a decision depends on, gathered by the engine so `decide` stays a pure function. */
export interface DecisionInput {
  proposal: Pick<ProposalInput, 'skill' | 'args' | 'source' | 'workspace'>;
  manifest: SkillManifest;
  policy: Policy;
  /** Set when policy.json could not be used: everything asks (never allows), the error is shown. */
  policyError?: string;
  now: Date;
  quietHours: TimeWindow[];
  timezone?: string;
  /** Recent executions (for rate rules). */
  recent: RecentRun[];
  /** The "pause all autonomy" switch. */
  paused: boolean;
}

export type ProposalStatus =
  | 'pending' // waiting for the person
  | 'suggested' // suggest level: proposed for the person to act on (accept) or dismiss; never run by the twin
  | 'accepted' // a suggestion the person took up: it ran as the person's own request (`acceptedAs`)
  | 'dismissed' // a suggestion the person turned down
  | 'observed' // observe level: noted, never acts
  | 'denied'
  | 'approved' // approved, executing
  | 'executed'
  | 'failed'
  | 'rejected'
  | 'expired'
  | 'cancelled' // autonomy paused, or the proposer withdrew
  | 'previewed' // dry-run: preview only
  | 'undone';

/** A proposal folded from its events in `approvals/queue.jsonl`. */
export interface ProposalState {
  id: string;
  skill: string;
  args: Record<string, unknown>;
  /** The arguments as first proposed, when the person edited them. */
  originalArgs?: Record<string, unknown>;
  source: ProposalSource;
  reason: string;
  workspace?: string;
  dryRun: boolean;
  createdAt: string;
  expiresAt: string;
  updatedAt: string;
  status: ProposalStatus;
  decision: DecisionResult;
  preview?: SkillPreview;
  /** Why the person rejected it, or dismissed it when it was a suggestion. */
  rejectReason?: string;
  /** For an accepted suggestion: the id of the person's own run it became. */
  acceptedAs?: string;
  output?: string;
  exitCode?: number;
  error?: string;
  undo?: UndoInfo;
}

/** A suggestion drawn from repeated identical decisions; shown, never applied silently. */
export interface TrustSuggestion {
  skill: string;
  from: TrustLevel;
  to: TrustLevel;
  /** e.g. "You approved 5 of 5 `task` proposals for project web in a row." */
  reason: string;
  /** How many identical approvals it rests on. */
  evidence: number;
}
