import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { ApprovalsDryRunCommand, ApprovalsFocusNotification, ApprovalsViewStateNotification, ApprovalsViewStateSchema, type ApprovalsViewState } from '../../src/protocol/approvalsViewProtocol';
import {
  DecisionsAcceptRequest,
  DecisionsApproveRequest,
  DecisionsDismissRequest,
  DecisionsPauseRequest,
  DecisionsRejectRequest,
  DecisionsSetTrustRequest,
  DecisionsStateRequest,
  DecisionsUndoRequest,
  type DecisionsState,
  type ProposalView,
} from '../../src/protocol/decisionsProtocol';
import type { Messenger } from '../../src/protocol/messenger';
import { ClockController } from '../shared/clockController';
import { readInitialState } from '../shared/initialState';
import { viewStyles } from '../shared/viewStyles.css';
import { vscodeApi } from '../shared/vscodeApi';
import { approvalArgs, recentNewestFirst, resultMessage, suggestionKey, waitingForPerson, type Tone } from './approvalsModel';
import { withFieldValue, type ArgField } from './argFields';
import { renderRecentItem, renderSkill, renderSuggestion, type SkillChange } from './decisionLists';
import { approvalsAppStyles } from './mhApprovalsApp.css';
import { cssSafe, renderProposal, type ProposalUi } from './proposalCard';
import { errorState, loadingState } from '../shared/viewStates';
import { HostConnection } from '../shared/hostConnection';

type Skill = DecisionsState['skills'][number];
type Suggestion = DecisionsState['suggestions'][number];
interface ItemUi {
  busy: boolean;
  error?: string;
}

/**
 * The approvals view: what waits for the person (with the preview and edit-before-approve),
 * the twin's suggestions to do or dismiss (edited the same way), trust suggestions, recent decisions with Undo, and each skill's trust. State comes only from the
 * host; every request's failure is shown where it was made.
 */
@customElement('mh-approvals-app')
export class MhApprovalsApp extends LitElement {
  static override styles = [viewStyles, approvalsAppStyles];

  @state() private view: ApprovalsViewState = readInitialState(ApprovalsViewStateSchema) ?? {};
  @state() private proposals: Record<string, ProposalUi> = {};
  @state() private recentUi: Record<string, ItemUi> = {};
  @state() private skillUi: Record<string, ItemUi> = {};
  @state() private suggestionUi: Record<string, ItemUi> = {};
  @state() private dismissed = readDismissed();
  @state() private notice: { text: string; tone: Tone } | undefined;
  @state() private headerError: string | undefined;
  @state() private pausing = false;
  @state() private retrying = false;
  /** The dry-run switch as the person set it, until the host's state agrees. */
  @state() private dryRunRequested: boolean | undefined;
  /** A proposal to bring into view once it is rendered (a notification's "Details"). */
  private focusId: string | undefined;
  private focusSelector: string | undefined;
  private readonly connection = new HostConnection(this, (messenger) => {
    messenger.onNotification(ApprovalsViewStateNotification, (next) => this.receiveState(next));
    messenger.onNotification(ApprovalsFocusNotification, ({ id }) => this.focusProposal(id));
  });

  private get messenger(): Messenger | undefined {
    return this.connection.messenger;
  }

  private readonly clock = new ClockController(this);

  private receiveState(next: ApprovalsViewState): void {
    this.view = next;
    this.clock.tick();
    if (next.state) {
      const waiting = waitingForPerson(next.state);
      const open = new Set([...waiting.approvals, ...waiting.suggested].map((p) => p.id));
      this.proposals = Object.fromEntries(Object.entries(this.proposals).filter(([id]) => open.has(id)));
      if (this.dryRunRequested === next.state.dryRun) this.dryRunRequested = undefined;
    }
    if (!next.error) this.headerError = undefined;
  }

  private focusProposal(id: string): void {
    this.focusId = id;
    this.patchProposal(id, { expanded: true });
  }

  private uiOf(id: string): ProposalUi {
    return this.proposals[id] ?? { rejectReason: '', expanded: false, argsAlert: false };
  }

  private patchProposal(id: string, patch: Partial<ProposalUi>): void {
    this.proposals = { ...this.proposals, [id]: { ...this.uiOf(id), ...patch } };
  }

  /** The arguments the person's choice sends, or undefined (with the problem shown and focused) when they cannot be sent. */
  private argsToSend(proposal: ProposalView): { args?: Record<string, unknown> } | undefined {
    const ui = this.uiOf(proposal.id);
    if (ui.fieldError) {
      // The field shows a value the arguments do not have: approving now would send something else.
      this.focusSelector = `#p-${cssSafe(proposal.id)}-field-${cssSafe(ui.badField ?? '')}`;
      this.patchProposal(proposal.id, { error: ui.fieldError });
      return undefined;
    }
    const args = approvalArgs(proposal.args, ui.argsText);
    if (!args.ok) {
      this.patchProposal(proposal.id, { argsAlert: true, error: undefined });
      this.focusSelector = `#p-${cssSafe(proposal.id)}-args`;
      return undefined;
    }
    return args.args ? { args: args.args } : {};
  }

  private async approve(proposal: ProposalView): Promise<void> {
    const args = this.argsToSend(proposal);
    if (args) await this.decide(proposal, 'approve', (m) => m.request(DecisionsApproveRequest, { id: proposal.id, ...args }, { timeoutMs: 0 }));
  }

  private async reject(proposal: ProposalView): Promise<void> {
    const reason = this.uiOf(proposal.id).rejectReason.trim();
    await this.decide(proposal, 'reject', (m) => m.request(DecisionsRejectRequest, { id: proposal.id, ...(reason ? { reason } : {}) }));
  }

  /** Does the suggested action as the person's own request; the notice shows that run's outcome. */
  private async accept(proposal: ProposalView): Promise<void> {
    const args = this.argsToSend(proposal);
    if (args) await this.decide(proposal, 'accept', (m) => m.request(DecisionsAcceptRequest, { id: proposal.id, ...args }, { timeoutMs: 0 }));
  }

  private async dismiss(proposal: ProposalView): Promise<void> {
    const reason = this.uiOf(proposal.id).rejectReason.trim();
    await this.decide(proposal, 'dismiss', (m) => m.request(DecisionsDismissRequest, { id: proposal.id, ...(reason ? { reason } : {}) }));
  }

  private async decide(proposal: ProposalView, verb: NonNullable<ProposalUi['busy']>, send: (m: Messenger) => Promise<ProposalView>): Promise<void> {
    if (!this.messenger) return;
    this.patchProposal(proposal.id, { busy: verb, error: undefined, argsAlert: false });
    try {
      this.notice = resultMessage(await send(this.messenger));
    } catch (error) {
      this.patchProposal(proposal.id, { error: `Could not ${verb === 'accept' ? 'do' : verb} "${proposal.skillTitle}": ${errorText(error)}` });
    } finally {
      if (this.proposals[proposal.id]) this.patchProposal(proposal.id, { busy: undefined });
    }
  }

  private async undo(proposal: ProposalView): Promise<void> {
    if (!this.messenger) return;
    this.recentUi = { ...this.recentUi, [proposal.id]: { busy: true } };
    try {
      this.notice = resultMessage(await this.messenger.request(DecisionsUndoRequest, { id: proposal.id }));
      this.recentUi = { ...this.recentUi, [proposal.id]: { busy: false } };
    } catch (error) {
      this.recentUi = { ...this.recentUi, [proposal.id]: { busy: false, error: `Could not undo "${proposal.skillTitle}": ${errorText(error)}` } };
    }
  }

  private async changeSkill(skill: Skill, change: SkillChange): Promise<void> {
    if (!this.messenger) return;
    this.skillUi = { ...this.skillUi, [skill.id]: { busy: true } };
    try {
      const updated = await this.messenger.request(DecisionsSetTrustRequest, { skill: skill.id, ...change });
      this.skillUi = { ...this.skillUi, [skill.id]: { busy: false } };
      this.notice = { text: `${updated.title}: ${updated.enabled ? `trust ${updated.level}` : 'disabled'}.`, tone: 'neutral' };
    } catch (error) {
      this.skillUi = { ...this.skillUi, [skill.id]: { busy: false, error: `Could not change "${skill.title}": ${errorText(error)}` } };
    }
  }

  private async applySuggestion(suggestion: Suggestion): Promise<void> {
    if (!this.messenger) return;
    const key = suggestionKey(suggestion);
    this.suggestionUi = { ...this.suggestionUi, [key]: { busy: true } };
    try {
      const updated = await this.messenger.request(DecisionsSetTrustRequest, { skill: suggestion.skill, level: suggestion.to });
      this.suggestionUi = { ...this.suggestionUi, [key]: { busy: false } };
      this.notice = { text: `${updated.title}: trust is now ${updated.level}.`, tone: 'ok' };
    } catch (error) {
      this.suggestionUi = { ...this.suggestionUi, [key]: { busy: false, error: `Could not apply the suggestion: ${errorText(error)}` } };
    }
  }

  private dismissSuggestion(suggestion: Suggestion): void {
    this.dismissed = new Set(this.dismissed).add(suggestionKey(suggestion));
    writeDismissed(this.dismissed);
    this.focusSelector = '#pending-heading';
  }

  private async togglePause(paused: boolean): Promise<void> {
    if (!this.messenger || this.pausing) return;
    this.pausing = true;
    this.headerError = undefined;
    try {
      const result = await this.messenger.request(DecisionsPauseRequest, { paused: !paused });
      const cancelled = result.cancelled > 0 ? ` ${result.cancelled} pending ${result.cancelled === 1 ? 'proposal was' : 'proposals were'} cancelled.` : '';
      this.notice = result.paused ? { text: `All autonomy is paused.${cancelled}`, tone: 'warn' } : { text: 'Autonomy resumed within your trust settings.', tone: 'ok' };
    } catch (error) {
      this.headerError = `Could not ${paused ? 'resume' : 'pause'} autonomy: ${errorText(error)}`;
    } finally {
      this.pausing = false;
    }
  }

  private setDryRun(dryRun: boolean): void {
    this.dryRunRequested = dryRun;
    this.messenger?.command(ApprovalsDryRunCommand, { dryRun });
  }

  private async retry(): Promise<void> {
    if (!this.messenger || this.retrying) return;
    this.retrying = true;
    this.headerError = undefined;
    try {
      this.receiveState({ state: await this.messenger.request(DecisionsStateRequest, {}) });
    } catch (error) {
      this.headerError = `Still no answer: ${errorText(error)}`;
    } finally {
      this.retrying = false;
    }
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (this.focusId) {
      const selector = `[data-id="${CSS.escape(this.focusId)}"]`;
      const target = this.shadowRoot?.querySelector<HTMLElement>(`.proposal${selector}`) ?? this.shadowRoot?.querySelector<HTMLElement>(`.decision-item${selector}`);
      if (target) {
        this.focusId = undefined;
        target.scrollIntoView({ block: 'start' });
        target.focus({ preventScroll: true });
      }
    }
    if (this.focusSelector) {
      this.shadowRoot?.querySelector<HTMLElement>(this.focusSelector)?.focus();
      this.focusSelector = undefined;
    }
  }

  override render() {
    const { state, error } = this.view;
    return html`
      <h2>Approvals</h2>
      ${error ? this.renderError(error) : nothing}
      ${state ? this.renderState(state) : error ? nothing : this.renderLoading()}
    `;
  }

  private renderLoading() {
    return loadingState('Waiting for the approval queue from the engine…');
  }

  private renderError(error: string) {
    return html`${errorState({
        error,
        hint: "Nothing is approved or run while this lasts. The MetaHuman chat view's Engine section shows why the engine is not answering.",
        retry: () => void this.retry(),
        retrying: this.retrying,
      })}
      ${!this.view.state && this.headerError ? html`<p class="error" role="alert">${this.headerError}</p>` : nothing}`;
  }

  private renderState(state: DecisionsState) {
    const dryRun = this.dryRunRequested ?? state.dryRun;
    const now = this.clock.now;
    const titleOf = (skill: string) => state.skills.find((s) => s.id === skill)?.title ?? skill;
    const suggestions = state.suggestions.filter((s) => !this.dismissed.has(suggestionKey(s)));
    const waiting = waitingForPerson(state);
    return html`
      <div id="banners" aria-live="polite">
        ${state.policyError
          ? html`<div id="policy-error" class="banner warning"><strong>The policy file could not be used, so every action asks you first.</strong> ${state.policyError}</div>`
          : nothing}
        ${state.paused
          ? html`<div id="autonomy-paused" class="banner warning">All autonomy is paused: nothing the twin proposes runs, and scheduled actions are stopped until you resume.</div>`
          : nothing}
        ${dryRun ? html`<div id="dry-run-on" class="banner">Dry run is on: approving only shows what would happen; nothing changes.</div>` : nothing}
      </div>
      <div class="actions controls">
        <vscode-button id="pause-autonomy" ?secondary=${!state.paused} ?disabled=${this.pausing} @click=${() => void this.togglePause(state.paused)}>
          ${this.pausing ? (state.paused ? 'Resuming…' : 'Pausing…') : state.paused ? 'Resume autonomy' : 'Pause all autonomy'}
        </vscode-button>
        <label>
          <input type="checkbox" id="dry-run" .checked=${live(dryRun)} @change=${(e: Event) => this.setDryRun((e.target as HTMLInputElement).checked)} />
          Dry run (preview everything, do nothing)${this.dryRunRequested !== undefined ? ' · switching…' : ''}
        </label>
      </div>
      ${this.headerError ? html`<p class="error" role="alert">${this.headerError}</p>` : nothing}
      <div id="notice" role="status" aria-live="polite">${this.notice ? html`<p class="notice tone-${this.notice.tone}">${this.notice.text}</p>` : nothing}</div>

      <section id="pending" aria-labelledby="pending-heading">
        <h3 id="pending-heading" tabindex="-1">Pending <span class="badge" aria-label=${`${waiting.approvals.length} waiting`}>${waiting.approvals.length}</span></h3>
        ${waiting.approvals.length === 0
          ? html`<p class="muted empty">Nothing waits for you. When the twin proposes something that needs your approval, it appears here and as a notification.</p>`
          : html`<ul aria-label="Proposals waiting for you">
              ${waiting.approvals.map((p) => renderProposal(p, this.uiOf(p.id), this.proposalActions, now))}
            </ul>`}
      </section>

      ${waiting.suggested.length > 0
        ? html`<section id="suggested" aria-labelledby="suggested-heading">
            <h3 id="suggested-heading">Suggestions from your twin <span class="badge" aria-label=${`${waiting.suggested.length} suggested`}>${waiting.suggested.length}</span></h3>
            <p class="muted">Your twin only suggests these; nothing happens unless you do it.</p>
            <ul aria-label="Suggestions from your twin">
              ${waiting.suggested.map((p) => renderProposal(p, this.uiOf(p.id), this.proposalActions, now))}
            </ul>
          </section>`
        : nothing}

      ${suggestions.length > 0
        ? html`<section id="suggestions" aria-labelledby="suggestions-heading">
            <h3 id="suggestions-heading">Trust suggestions</h3>
            <ul>
              ${suggestions.map((s) =>
                renderSuggestion(s, titleOf(s.skill), this.suggestionUi[suggestionKey(s)] ?? { busy: false }, (x) => void this.applySuggestion(x), (x) => this.dismissSuggestion(x)),
              )}
            </ul>
          </section>`
        : nothing}

      <section id="recent" aria-labelledby="recent-heading">
        <h3 id="recent-heading">Recent decisions</h3>
        ${state.recent.length === 0
          ? html`<p class="muted empty">No decisions yet.</p>`
          : html`<ul>
              ${recentNewestFirst(state.recent).map((p) => renderRecentItem(p, this.recentUi[p.id] ?? { busy: false }, (x) => void this.undo(x), now))}
            </ul>`}
      </section>

      <section id="skills" aria-labelledby="skills-heading">
        <h3 id="skills-heading">Skills and trust</h3>
        ${state.skills.length === 0
          ? html`<p class="muted empty">No skills are installed in this profile.</p>`
          : html`<ul>${state.skills.map((s) => renderSkill(s, this.skillUi[s.id] ?? { busy: false }, (skill, change) => void this.changeSkill(skill, change)))}</ul>`}
      </section>
    `;
  }

  private readonly proposalActions = {
    editArgs: (id: string, text: string) => this.patchProposal(id, { argsText: text, argsAlert: false, fieldError: undefined, badField: undefined }),
    editField: (id: string, text: string, field: ArgField, input: string | boolean) => {
      const edit = withFieldValue(text, field, input);
      this.patchProposal(id, edit.ok ? { argsText: edit.text, argsAlert: false, fieldError: undefined, badField: undefined } : { fieldError: edit.error, badField: field.name });
    },
    editReason: (id: string, text: string) => this.patchProposal(id, { rejectReason: text }),
    toggle: (id: string, open: boolean) => {
      if (this.uiOf(id).expanded !== open) this.patchProposal(id, { expanded: open });
    },
    approve: (p: ProposalView) => void this.approve(p),
    reject: (p: ProposalView) => void this.reject(p),
    accept: (p: ProposalView) => void this.accept(p),
    dismiss: (p: ProposalView) => void this.dismiss(p),
  };
}

/** Dismissed suggestions are UI state: kept in the webview's own state, so they stay dismissed when the view reloads. */
function readDismissed(): Set<string> {
  const saved = vscodeApi().getState() as { dismissedSuggestions?: unknown } | undefined;
  const list = saved?.dismissedSuggestions;
  return new Set(Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : []);
}

function writeDismissed(dismissed: Set<string>): void {
  const saved = (vscodeApi().getState() ?? {}) as Record<string, unknown>;
  vscodeApi().setState({ ...saved, dismissedSuggestions: [...dismissed] });
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

declare global {
  interface HTMLElementTagNameMap {
    'mh-approvals-app': MhApprovalsApp;
  }
}
