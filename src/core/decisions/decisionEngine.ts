import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { AgentSearch } from '../agents/agentTypes';
import type { TaskStatus } from '../memory/taskFold';
import type { ProfileStore } from '../profile/profileStore';
import type { SettingsSnapshot } from '../settings/settingsTable';
import { createFileBackups } from '../skills/fileBackups';
import { SkillRegistry } from '../skills/skillRegistry';
import { SkillInputError, type FileBackups, type SkillContext, type SkillManifest, type SkillPorts, type SkillPreview, type UndoInfo } from '../skills/skillTypes';
import { queueOutput } from './approvalEvents';
import { ApprovalQueue, waitsForPerson, type QueueTransaction } from './approvalQueue';
import { readAutonomyPaused, writeAutonomyPausedLocked } from './autonomySwitch';
import { DecisionFeedback } from './decisionFeedback';
import { settleAdaptive } from './effectiveTrust';
import type { DecisionResult, ProposalInput, ProposalSource, ProposalState, SkillTrust, TrustSuggestion } from './decisionTypes';
import { loadPolicy, savePolicy } from './policy';
import { AUTONOMY_PAUSED, checkProposal, fieldOfSchemaError, skillTrust, type CheckEnvironment, type CheckOutcome, type ProposalToCheck, type SkillCatalog } from './proposalCheck';
import { summarizeArgs, summarizeChanges } from './proposalSummary';
import { runSkill, type SkillRunOutcome } from './skillRun';
import { compareTrust, type TrustLevel } from './trust';

export interface DecisionEnginePorts {
  /** What the editor lends skills (notifications, VS Code tasks); missing ports make those skills refuse. */
  skills?: SkillPorts;
  search?: AgentSearch;
  /** A proposal waits for the person (status `pending`, or `suggested` at trust suggest): raise a notification. */
  onPending?(proposal: ProposalState): void;
  /** The twin acted alone (the policy allowed it, no approval asked) and it ran: tell the person after the fact. */
  onActedAlone?(proposal: ProposalState): void;
  /** Something in the queue or the switch changed: refresh views and the status bar. */
  onChanged?(summary: { pending: number; paused: boolean }): void;
}

export interface DecisionEngineOptions {
  store: ProfileStore;
  settings: SettingsSnapshot;
  /** Default: the built-in skills. */
  skills?: SkillCatalog;
  ports?: DecisionEnginePorts;
  /** Who switches autonomy, recorded in its file: `vscode`, `cli`… (default `engine`). */
  actor?: string;
  now?: () => Date;
}

/** What the approvals view and `mh approvals list` show. */
export interface DecisionsSnapshot {
  /** Waiting for an approval (status `pending`), oldest first. */
  pending: ProposalState[];
  /** Everything else, newest first: every suggestion still waiting (status `suggested`), then at most 50 others. */
  recent: ProposalState[];
  skills: { manifest: SkillManifest; trust: SkillTrust }[];
  suggestions: TrustSuggestion[];
  paused: boolean;
  dryRun: boolean;
  policyError?: string;
}

export interface TrustChange {
  level?: TrustLevel;
  ceiling?: TrustLevel;
  enabled?: boolean;
}

/** A proposal that cannot be approved, rejected or undone as asked. */
export class ProposalStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProposalStateError';
  }
}

const RECENT_LIMIT = 50;
/** Why a run of the twin's was stopped when autonomy was paused while it ran. */
export const STOPPED_BY_PAUSE = 'Stopped: autonomy paused.';

/**
 * The one path every action takes: proposal → checks and policy → (approval) → execution →
 * outcome, each step an event in `approvals/queue.jsonl` and an audit entry. Chat, agents and the
 * CLI all propose through here; nothing a caller passes can skip the approval: the only way to run
 * without one is the policy allowing it, or the person's own `runAsPerson`.
 */
export class DecisionEngine {
  private readonly store: ProfileStore;
  private readonly settings: SettingsSnapshot;
  private readonly skills: SkillCatalog;
  private readonly ports: DecisionEnginePorts;
  private readonly now: () => Date;
  private readonly queue: ApprovalQueue;
  private readonly backups: FileBackups;
  private readonly feedback: DecisionFeedback;
  private readonly actor: string;
  /** The twin's executions running in this engine, stopped when autonomy is paused (the person's own runs are not here). */
  private readonly running = new Map<string, AbortController>();

  constructor(options: DecisionEngineOptions) {
    this.store = options.store;
    this.settings = options.settings;
    this.skills = options.skills ?? SkillRegistry.load();
    this.ports = options.ports ?? {};
    this.now = options.now ?? (() => new Date());
    this.actor = options.actor ?? 'engine';
    this.queue = new ApprovalQueue(this.store, this.now);
    this.backups = createFileBackups(join(this.store.dir, 'approvals', 'backups'));
    this.feedback = new DecisionFeedback(this.store, this.settings.decisionsSuggestTrustAfter);
  }

  /** A proposal from chat, an agent or a script. The answer is the proposal as it stands after the decision. */
  async propose(input: ProposalInput): Promise<ProposalState> {
    if (input.source === 'person') throw new Error("Source 'person' is the person's own run (mh skills run); a proposal names who proposes it.");
    return this.submit(input);
  }

  /**
   * The person's own request (`mh skills run`): the schema, the skill's checks and the policy's deny
   * rules still apply and are audited, but it needs no second approval.
   */
  async runAsPerson(skill: string, args: Record<string, unknown>, options: { dryRun?: boolean; workspace?: string; reason?: string } = {}): Promise<ProposalState> {
    return this.submit({ skill, args, source: 'person', reason: options.reason ?? 'run by the person', dryRun: options.dryRun === true, ...(options.workspace ? { workspace: options.workspace } : {}) });
  }

  /**
   * Takes up a suggestion (a proposal made at trust `suggest`): it runs as the person's own request,
   * exactly as `runAsPerson` (schema, the skill's checks, deny rules and the workspace guard apply),
   * as a new proposal; the suggestion becomes `accepted`, linked to that run. The answer is the run.
   * A run the checks deny leaves the suggestion waiting, to be accepted with other arguments or dismissed.
   */
  async accept(id: string, editedArgs?: Record<string, unknown>): Promise<ProposalState> {
    await this.expire();
    const suggestion = this.waitingOrThrow(id, 'suggested', 'accepted');
    const args = editedArgs ?? suggestion.args;
    if (editedArgs) {
      const invalid = this.skills.validateArgs(suggestion.skill, args);
      if (invalid) throw new SkillInputError(`The edited arguments do not fit the ${suggestion.skill} skill: ${invalid}. The suggestion is still waiting.`, fieldOfSchemaError(invalid));
    }
    return this.submit(
      {
        skill: suggestion.skill,
        args,
        source: 'person',
        reason: `accepted the suggestion ${id}: ${suggestion.reason}`,
        dryRun: suggestion.dryRun,
        ...(suggestion.workspace ? { workspace: suggestion.workspace } : {}),
      },
      id,
    );
  }

  /** Turns down a suggestion; a reason becomes a preference, and it counts as a rejection for learning. */
  async dismiss(id: string, reason?: string): Promise<ProposalState> {
    await this.expire();
    this.waitingOrThrow(id, 'suggested', 'dismissed');
    const why = reason?.trim() || undefined;
    const state = await this.queue.transact('dismiss', (tx) => {
      const current = tx.get(id);
      if (current?.status !== 'suggested') throw new ProposalStateError(notWaiting(id, current?.status, 'suggested', 'dismissed'));
      tx.append({ ev: 'dismissed', id, ...(why ? { reason: why } : {}) });
      tx.audit({ type: 'approval', proposal: id, skill: current.skill, action: 'dismissed', ...(why ? { reason: why } : {}) });
      return tx.get(id) as ProposalState;
    });
    if (why) await this.feedback.recordPreference(state);
    await this.feedback.adapt(state.skill, this.queue.list());
    this.changed();
    return state;
  }

  /** `accepting`: the suggestion this person's run takes up, marked accepted in the same transaction unless the run is denied. */
  private async submit(input: ProposalInput, accepting?: string): Promise<ProposalState> {
    await this.expire();
    const id = this.queue.newId();
    const dryRun = input.dryRun === true || this.settings.decisionsDryRun;
    const proposal: ProposalToCheck = { id, skill: input.skill, args: input.args, source: input.source, ...(input.workspace ? { workspace: input.workspace } : {}) };
    const checked = await checkProposal(proposal, this.environment());
    const createdAt = this.now();
    const state = await this.queue.transact(accepting ? 'accept' : 'propose', (tx) => {
      const suggestion = accepting ? tx.get(accepting) : undefined;
      if (accepting && suggestion?.status !== 'suggested') throw new ProposalStateError(notWaiting(accepting, suggestion?.status, 'suggested', 'accepted'));
      // The switch again, under the lock a pause takes too: a pause that landed after the check still stops it.
      const { decision, status, error } = this.pausedSince(checked, input.source) ?? { decision: checked.decision, status: statusAfter(checked, input.source), error: checked.ok ? undefined : checked.error };
      tx.append({
        ev: 'proposed',
        id,
        proposal: {
          skill: input.skill,
          args: input.args,
          source: input.source,
          reason: input.reason,
          ...(input.workspace ? { workspace: input.workspace } : {}),
          dryRun,
          createdAt: createdAt.toISOString(),
          expiresAt: new Date(createdAt.getTime() + this.expiryHours() * 3_600_000).toISOString(),
          ...(checked.preview ? { preview: checked.preview } : {}),
        },
      });
      tx.append({ ev: 'decided', id, decision, status, ...(error !== undefined && status === 'denied' ? { error } : {}) });
      tx.audit({ type: 'decision', proposal: id, skill: input.skill, source: input.source, decision: decision.decision, rule: decision.rule, trust: decision.trust, dryRun, reason: input.reason, args: summarizeArgs(input.skill, input.args) });
      if (error !== undefined && status === 'denied') tx.audit({ type: 'skill_execution', skill: input.skill, proposal: id, dryRun, decision: 'deny', outcome: 'rejected', error });
      else if (dryRun && status !== 'observed' && checked.preview) this.recordPreview(tx, id, input.skill, decision, checked.preview);
      else if (status === 'approved') tx.append({ ev: 'executing', id });
      if (suggestion && status !== 'denied') {
        tx.append({ ev: 'accepted', id: suggestion.id, run: id });
        tx.audit({ type: 'approval', proposal: suggestion.id, skill: suggestion.skill, action: 'accepted', run: id });
      }
      return tx.get(id) as ProposalState;
    });
    if (waitsForPerson(state)) this.ports.onPending?.(state);
    const result = state.status === 'approved' ? await this.execute(state, state.decision) : state;
    if (state.status === 'approved' && input.source !== 'person' && state.decision.decision === 'allow') this.ports.onActedAlone?.(result);
    this.changed();
    if (!checked.ok && input.source === 'person' && checked.decision.rule === 'schema:invalid') throw new SkillInputError(checked.error, fieldOfSchemaError(checked.error));
    return result;
  }

  /**
   * Called under the profile lock: when autonomy was paused after `checked` was made (the check
   * passed, the switch now says paused), the twin's proposal is denied as if the check had seen it.
   */
  private pausedSince(checked: CheckOutcome, source: ProposalSource): { decision: DecisionResult; status: 'denied'; error: string } | undefined {
    if (source === 'person' || (!checked.ok && checked.decision.rule !== 'trust:observe') || !this.isPaused()) return undefined;
    const error = AUTONOMY_PAUSED;
    return { decision: { decision: 'deny', rule: 'autonomy:paused', reason: error, trust: checked.decision.trust }, status: 'denied', error };
  }

  /**
   * Approves a pending proposal, with the person's edited arguments if any. Everything is checked
   * again first (the skill, the switch, the schema, the paths, the policy): a refusal denies it.
   */
  async approve(id: string, editedArgs?: Record<string, unknown>): Promise<ProposalState> {
    await this.expire();
    const before = this.waitingOrThrow(id, 'pending', 'approved');
    const fields = editedArgs ? changedFields(before.args, editedArgs) : [];
    const args = fields.length > 0 && editedArgs ? editedArgs : before.args;
    if (fields.length > 0) {
      const invalid = this.skills.validateArgs(before.skill, args);
      if (invalid) {
        await this.store.audit.record({ type: 'skill_execution', skill: before.skill, proposal: id, dryRun: before.dryRun, decision: before.decision.decision, outcome: 'rejected', error: `edited arguments refused: ${invalid}` });
        throw new SkillInputError(`The edited arguments do not fit the ${before.skill} skill: ${invalid}. The proposal is still pending.`, fieldOfSchemaError(invalid));
      }
    }
    const checked = await checkProposal({ id, skill: before.skill, args, source: before.source, ...(before.workspace ? { workspace: before.workspace } : {}) }, this.environment());
    const dryRun = before.dryRun || this.settings.decisionsDryRun;
    const state = await this.queue.transact('approve', (tx) => {
      const current = tx.get(id);
      if (current?.status !== 'pending') throw new ProposalStateError(notWaiting(id, current?.status, 'pending', 'approved'));
      const paused = this.pausedSince(checked, current.source);
      if (paused || !checked.ok) {
        const { decision, error } = paused ?? (checked as Extract<CheckOutcome, { ok: false }>);
        tx.append({ ev: 'decided', id, decision, status: 'denied', error: `Refused at approval: ${error}` });
        tx.audit({ type: 'decision', proposal: id, skill: current.skill, source: current.source, decision: 'deny', rule: decision.rule, trust: decision.trust, dryRun, reason: current.reason, args: summarizeArgs(current.skill, args) });
        tx.audit({ type: 'skill_execution', skill: current.skill, proposal: id, dryRun, decision: 'deny', outcome: 'rejected', error });
        return tx.get(id) as ProposalState;
      }
      if (fields.length > 0) {
        tx.append({ ev: 'edited', id, args, fields, preview: checked.preview });
        tx.audit({ type: 'approval', proposal: id, skill: current.skill, action: 'edited', fields, changes: summarizeChanges(current.skill, current.args, args, fields) });
      }
      tx.append({ ev: 'approved', id });
      tx.audit({ type: 'approval', proposal: id, skill: current.skill, action: 'approved' });
      if (dryRun) this.recordPreview(tx, id, current.skill, current.decision, checked.preview);
      else tx.append({ ev: 'executing', id });
      return tx.get(id) as ProposalState;
    });
    if (fields.length > 0) await this.feedback.recordPreference(state);
    const result = state.status === 'approved' ? await this.execute(state, state.decision) : state;
    this.changed();
    return result;
  }

  /** Rejects a pending proposal; a reason becomes a preference. */
  async reject(id: string, reason?: string): Promise<ProposalState> {
    await this.expire();
    this.waitingOrThrow(id, 'pending', 'rejected');
    const why = reason?.trim() || undefined;
    const state = await this.queue.transact('reject', (tx) => {
      const current = tx.get(id);
      if (current?.status !== 'pending') throw new ProposalStateError(notWaiting(id, current?.status, 'pending', 'rejected'));
      tx.append({ ev: 'rejected', id, ...(why ? { reason: why } : {}) });
      tx.audit({ type: 'approval', proposal: id, skill: current.skill, action: 'rejected', ...(why ? { reason: why } : {}) });
      return tx.get(id) as ProposalState;
    });
    if (why) await this.feedback.recordPreference(state);
    await this.feedback.adapt(state.skill, this.queue.list());
    this.changed();
    return state;
  }

  /** Puts back what an executed proposal changed: the files from their backups, the task as it was. */
  async undo(id: string, options: { force?: boolean } = {}): Promise<ProposalState> {
    const state = this.queue.get(id);
    if (!state) throw new ProposalStateError(`There is no proposal ${id}.`);
    if (state.status !== 'executed' && state.status !== 'failed') throw new ProposalStateError(`Proposal ${id} is ${state.status}; only an executed proposal can be undone.`);
    const undo = state.undo;
    if (!undo || (undo.files.length === 0 && !undo.task)) throw new ProposalStateError(`Proposal ${id} (${state.skill}) changed nothing that can be undone.`);
    const restored = undo.files.length > 0 ? await this.backups.restore(undo, options) : [];
    if (undo.task) await this.undoTask(undo.task);
    const done = await this.queue.transact('undo', (tx) => {
      tx.append({ ev: 'undone', id, restored });
      tx.audit({ type: 'approval', proposal: id, skill: state.skill, action: 'undone' });
      tx.audit({ type: 'skill_execution', skill: state.skill, proposal: id, dryRun: false, decision: state.decision.decision, outcome: 'undone', output: restored.length ? `restored ${restored.join(', ')}` : `task ${undo.task?.id ?? ''} reversed` });
      return tx.get(id) as ProposalState;
    });
    // An undo is a correction: an adaptive skill falls back now, before it can act alone again.
    await this.feedback.adapt(state.skill, this.queue.list());
    this.changed();
    return done;
  }

  /**
   * The "pause all autonomy" switch: pausing cancels every pending proposal and suggestion, refuses
   * new ones from the twin, and stops the twin's executions running in this engine (each recorded
   * as failed, `Stopped: autonomy paused.`); the person's own runs go on.
   */
  async pause(paused: boolean): Promise<{ paused: boolean; cancelled: number }> {
    await this.store.lock.withLock('autonomy switch', () => {
      writeAutonomyPausedLocked(this.store.files, paused, this.actor);
      this.store.audit.appendLocked({ type: 'trust', skill: '*', change: paused ? 'paused' : 'resumed' });
    });
    if (paused) for (const run of this.running.values()) run.abort(new Error(STOPPED_BY_PAUSE));
    let cancelled = 0;
    if (paused) {
      cancelled = await this.queue.transact('cancel pending', (tx) => {
        const pending = tx.list().filter(waitsForPerson);
        for (const s of pending) {
          tx.append({ ev: 'cancelled', id: s.id, reason: 'Cancelled: all autonomy was paused.' });
          tx.audit({ type: 'approval', proposal: s.id, skill: s.skill, action: 'cancelled', reason: 'autonomy paused' });
        }
        return pending.length;
      });
    }
    this.changed();
    return { paused, cancelled };
  }

  isPaused(): boolean {
    return readAutonomyPaused(this.store.files);
  }

  /** Changes a skill's trust settings in policy.json, each change audited. */
  async setTrust(skill: string, change: TrustChange): Promise<{ manifest: SkillManifest; trust: SkillTrust }> {
    const found = this.skills.get(skill);
    if (!found) throw new SkillInputError(`There is no skill '${skill}'.`, 'skill');
    if (change.ceiling && compareTrust(change.ceiling, 'bounded') > 0) throw new SkillInputError(`The ceiling of adaptive trust is at most 'bounded', not '${change.ceiling}'.`, 'ceiling');
    const { policy, error } = loadPolicy(this.store.files);
    if (error) throw new Error(`policy.json cannot be used (${error}); fix it first (mh policy check shows the problem).`);
    const before = skillTrust(policy, skill);
    const next = settleAdaptive(before, { ...before, ...(change.enabled !== undefined ? { enabled: change.enabled } : {}), ...(change.level ? { level: change.level } : {}), ...(change.ceiling ? { ceiling: change.ceiling } : {}) }, this.now());
    await savePolicy(this.store.files, this.store.lock, { ...policy, skills: { ...policy.skills, [skill]: next } });
    if (before.level !== next.level) await this.store.audit.record({ type: 'trust', skill, change: 'level', from: before.level, to: next.level, reason: 'set by the person' });
    if (change.ceiling && before.ceiling !== next.ceiling) await this.store.audit.record({ type: 'trust', skill, change: 'ceiling', ...(before.ceiling ? { from: before.ceiling } : {}), to: change.ceiling });
    if (before.enabled !== next.enabled) await this.store.audit.record({ type: 'trust', skill, change: next.enabled ? 'enabled' : 'disabled' });
    this.changed();
    return { manifest: found.manifest, trust: next };
  }

  /** Pending, recent, the skills with their trust, suggestions and the switches; expires what is due first. */
  async state(): Promise<DecisionsSnapshot> {
    await this.expire();
    const all = this.queue.list();
    const { policy, error } = loadPolicy(this.store.files);
    const suggestions = error ? [] : await this.feedback.suggestions(all, policy);
    return {
      pending: all.filter((s) => s.status === 'pending'),
      recent: [
        ...all.filter((s) => s.status === 'suggested').reverse(),
        ...all
          .filter((s) => !waitsForPerson(s))
          .reverse()
          .slice(0, RECENT_LIMIT),
      ],
      skills: this.skills.list().map((s) => ({ manifest: s.manifest, trust: skillTrust(policy, s.manifest.id) })),
      suggestions,
      paused: this.isPaused(),
      dryRun: this.settings.decisionsDryRun,
      ...(error ? { policyError: error } : {}),
    };
  }

  /** One proposal as it stands. */
  get(id: string): ProposalState | undefined {
    return this.queue.get(id);
  }

  /** Expires pending proposals past their time (each recorded and audited); returns how many. */
  async expire(): Promise<number> {
    const expired = await this.queue.expireDue();
    if (expired.length > 0) this.changed();
    return expired.length;
  }

  private async execute(state: ProposalState, decision: DecisionResult): Promise<ProposalState> {
    const skill = this.skills.get(state.skill);
    const stop = state.source === 'person' ? undefined : new AbortController();
    if (stop) this.running.set(state.id, stop);
    let outcome: SkillRunOutcome;
    try {
      outcome = skill ? await runSkill(skill.executor, state.args, this.context(state), stop?.signal) : { ok: false, output: '', error: `There is no skill '${state.skill}'.`, durationMs: 0 };
    } finally {
      this.running.delete(state.id);
    }
    const output = queueOutput(outcome.output);
    const done = await this.queue.transact('executed', (tx) => {
      tx.append({
        ev: 'executed',
        id: state.id,
        ok: outcome.ok,
        output,
        ...(outcome.exitCode !== undefined ? { exitCode: outcome.exitCode } : {}),
        ...(outcome.error ? { error: outcome.error } : {}),
        ...(outcome.undo ? { undo: outcome.undo } : {}),
      });
      tx.audit({
        type: 'skill_execution',
        skill: state.skill,
        proposal: state.id,
        dryRun: false,
        decision: decision.decision,
        outcome: outcome.ok ? 'ok' : 'error',
        durationMs: outcome.durationMs,
        ...(outcome.exitCode !== undefined ? { exitCode: Math.trunc(outcome.exitCode) } : {}),
        output,
        ...(outcome.error ? { error: outcome.error } : {}),
      });
      return tx.get(state.id) as ProposalState;
    });
    await this.feedback.adapt(state.skill, this.queue.list());
    return done;
  }

  private recordPreview(tx: QueueTransaction, id: string, skill: string, decision: DecisionResult, preview: SkillPreview): void {
    tx.append({ ev: 'previewed', id, preview });
    tx.audit({ type: 'skill_execution', skill, proposal: id, dryRun: true, decision: decision.decision, outcome: 'preview', output: `${preview.summary}\n${preview.details}` });
  }

  private waitingOrThrow(id: string, status: 'pending' | 'suggested', verb: string): ProposalState {
    const state = this.queue.get(id);
    if (!state) throw new ProposalStateError(`There is no proposal ${id}.`);
    if (state.status !== status) throw new ProposalStateError(notWaiting(id, state.status, status, verb));
    return state;
  }

  private async undoTask(task: NonNullable<UndoInfo['task']>): Promise<void> {
    if (task.created) {
      await this.store.tasks.setStatus(task.id, 'cancelled');
      return;
    }
    if (task.previous && Object.keys(task.previous).length > 0) await this.store.tasks.update(task.id, task.previous);
    if (task.previousStatus) await this.store.tasks.setStatus(task.id, task.previousStatus as TaskStatus);
  }

  private environment(): CheckEnvironment {
    const { policy, error } = loadPolicy(this.store.files);
    const routines = this.store.persona.get().routines;
    const recent = this.queue
      .list()
      .filter((s) => s.status === 'executed' || s.status === 'failed' || s.status === 'approved' || s.status === 'undone')
      .map((s) => ({ ts: s.updatedAt, skill: s.skill, source: s.source }));
    return {
      skills: this.skills,
      policy,
      ...(error ? { policyError: error } : {}),
      paused: this.isPaused(),
      now: this.now(),
      quietHours: routines.quietHours,
      ...(routines.timezone ? { timezone: routines.timezone } : {}),
      recent,
      context: (proposal) => this.context(proposal),
    };
  }

  private context(proposal: { id: string; workspace?: string }): SkillContext {
    const timeoutMs = this.settings.decisionsExecutionTimeoutSeconds * 1000;
    return {
      proposalId: proposal.id,
      ...(proposal.workspace ? { workspace: proposal.workspace } : {}),
      store: this.store,
      settings: this.settings,
      ports: this.ports.skills ?? {},
      backups: this.backups,
      ...(this.ports.search ? { search: this.ports.search } : {}),
      calendarPath: join(this.store.dir, 'calendar', 'metahuman.ics'),
      signal: AbortSignal.timeout(timeoutMs),
      timeoutMs,
      now: this.now,
    };
  }

  private expiryHours(): number {
    return loadPolicy(this.store.files).policy.approvalExpiryHours ?? this.settings.decisionsApprovalExpiryHours;
  }

  private changed(): void {
    if (!this.ports.onChanged) return;
    const pending = this.queue.list().filter((s) => s.status === 'pending').length;
    this.ports.onChanged({ pending, paused: this.isPaused() });
  }
}

/** Where a checked proposal stands before any execution. */
function statusAfter(checked: CheckOutcome, source: ProposalSource): 'pending' | 'suggested' | 'denied' | 'observed' | 'approved' {
  // At observe the policy refuses to act, but the proposal is kept as a note of what the twin would do.
  if (!checked.ok) return checked.decision.rule === 'trust:observe' && checked.preview && source !== 'person' ? 'observed' : 'denied';
  if (source === 'person') return 'approved';
  if (checked.decision.decision === 'allow') return 'approved';
  // At suggest the twin only proposes: the person acts on it (accept) or not (dismiss); it is never approved.
  return checked.decision.rule === 'trust:suggest' ? 'suggested' : 'pending';
}

/** Why a proposal cannot be approved, rejected, accepted or dismissed now, pointing to what can be done with a suggestion. */
function notWaiting(id: string, actual: string | undefined, needed: 'pending' | 'suggested', verb: string): string {
  if (actual === 'suggested') {
    const instead = verb === 'rejected' ? `dismiss it (mh approvals dismiss ${id})` : `accept it (mh approvals accept ${id}) to run it as your own request, or dismiss it`;
    return `Proposal ${id} is a suggestion (trust suggest: the twin proposes and you act), so it cannot be ${verb}; ${instead}.`;
  }
  return `Proposal ${id} is ${actual ?? 'gone'}; only a ${needed} proposal can be ${verb}.`;
}

/** Top-level argument names whose values differ (added, removed or changed). */
export function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((name) => !isDeepStrictEqual(before[name], after[name])).sort();
}
