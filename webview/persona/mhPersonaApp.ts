import { LitElement, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { Messenger } from '../../src/protocol/messenger';
import { PersonaDiffRequest, PersonaGetRequest, PersonaRollbackRequest, PersonaSaveRequest, PersonaValidateRequest, type Persona, type PersonaProblem, type PersonaState } from '../../src/protocol/personaProtocol';
import { PersonaViewStateNotification, PersonaViewStateSchema, type PersonaViewState } from '../../src/protocol/personaViewProtocol';
import { ClockController } from '../shared/clockController';
import { readInitialState } from '../shared/initialState';
import { viewStyles } from '../shared/viewStyles.css';
import { personaAppStyles } from './mhPersonaApp.css';
import { renderPersonaForm, type PersonaFormContext } from './personaForm';
import { renderHistory, type HistoryState } from './personaHistory';
import { addItem, fieldLabel, isDirty, personaArrival, problemsByPath, removeItem, setAt, unplacedProblems } from './personaModel';
import { errorState, loadingState } from '../shared/viewStates';
import { HostConnection } from '../shared/hostConnection';

/**
 * The persona editor: the identity kernel as a form checked against the schema as it is typed
 * (each problem beside its field; Save stays off while any remains, and the engine refuses it
 * anyway), and the history with a diff against the current revision and rollback.
 */
@customElement('mh-persona-app')
export class MhPersonaApp extends LitElement {
  static override styles = [viewStyles, personaAppStyles];

  @state() private view: PersonaViewState = readInitialState(PersonaViewStateSchema) ?? {};
  @state() private draft: Persona | undefined;
  /** The revision the draft was made on. */
  @state() private base: number | undefined;
  /** When that revision was saved: a restored persona can come back under the same number. */
  private baseSavedAt: string | undefined;
  @state() private problems: PersonaProblem[] = [];
  @state() private saving = false;
  @state() private status = '';
  @state() private saveError: string | undefined;
  @state() private conflict = false;
  @state() private history: HistoryState = { busy: false };
  @state() private retrying = false;
  private checkSeq = 0;
  private readonly connection = new HostConnection(this, (messenger) => {
    messenger.onNotification(PersonaViewStateNotification, (next) => this.receive(next));
  });

  private get messenger(): Messenger | undefined {
    return this.connection.messenger;
  }

  private readonly clock = new ClockController(this);

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.view.persona) this.adopt(this.view.persona);
  }

  private receive(next: PersonaViewState): void {
    const previous = this.view.persona;
    this.view = next;
    this.clock.tick();
    const saved = next.persona;
    if (!saved) return;
    // A new revision replaces the form unless the person has edits of their own in it.
    const arrival = personaArrival(saved, previous, this.draft, this.base, this.saving || this.history.busy, this.baseSavedAt);
    if (arrival.type === 'adopt') {
      this.adopt(saved);
      if (arrival.elsewhere) this.status = `Changed elsewhere — reloaded (revision ${saved.revision}).`;
    } else if (arrival.type === 'conflict') {
      this.conflict = true;
      this.saveError = `Changed elsewhere: revision ${arrival.revision} was saved in another window or by mh. Reload to see it (your edits here are replaced), or copy them first.`;
    }
  }

  private adopt(saved: PersonaState): void {
    this.draft = structuredClone(saved.persona) as unknown as Persona;
    this.base = saved.revision;
    this.baseSavedAt = saved.savedAt;
    this.problems = [];
    this.conflict = false;
    this.saveError = undefined;
  }

  private change(next: Persona): void {
    this.draft = next;
    this.status = '';
    void this.check(next);
  }

  /** Asks the engine's schema about the draft; a slower answer to an older draft is dropped. */
  private async check(draft: Persona): Promise<void> {
    if (!this.messenger) return;
    const seq = ++this.checkSeq;
    try {
      const { problems } = await this.messenger.request(PersonaValidateRequest, { persona: draft });
      if (seq === this.checkSeq) this.problems = problems;
    } catch (error) {
      if (seq === this.checkSeq) this.saveError = `Could not check the persona: ${errorText(error)}`;
    }
  }

  private async save(): Promise<void> {
    if (!this.messenger || !this.draft || this.saving) return;
    this.saving = true;
    this.saveError = undefined;
    try {
      const result = await this.messenger.request(PersonaSaveRequest, { persona: this.draft, ...(this.base !== undefined ? { baseRevision: this.base } : {}) });
      this.problems = result.problems.filter((p) => p.path !== '');
      if (result.conflict) {
        this.conflict = true;
        this.saveError = result.problems[0]?.message;
      } else if (!result.saved && result.problems.length > 0) {
        this.saveError = `Not saved: ${result.problems.length} field${result.problems.length === 1 ? '' : 's'} to fix (shown beside each).`;
      } else if (result.version) {
        this.base = result.version.revision;
        this.baseSavedAt = result.version.savedAt;
        this.status = result.saved ? `Saved as revision ${result.version.revision}.` : 'Nothing changed; no new revision.';
      }
    } catch (error) {
      this.saveError = `Could not save: ${errorText(error)}`;
    } finally {
      this.saving = false;
    }
  }

  private discard(): void {
    const reload = this.conflict;
    if (this.view.persona) this.adopt(this.view.persona);
    this.status = reload && this.view.persona ? `Reloaded revision ${this.view.persona.revision}; your edits were discarded.` : 'Edits discarded.';
  }

  private async compare(revision: number): Promise<void> {
    if (!this.messenger) return;
    if (this.history.comparing === revision) {
      this.history = { busy: false };
      return;
    }
    this.history = { busy: true, comparing: revision };
    try {
      this.history = { busy: false, comparing: revision, diff: await this.messenger.request(PersonaDiffRequest, { revision }) };
    } catch (error) {
      this.history = { busy: false, error: `Could not compare revision ${revision}: ${errorText(error)}` };
    }
  }

  private async rollback(revision: number): Promise<void> {
    if (!this.messenger) return;
    this.history = { ...this.history, busy: true, error: undefined };
    try {
      const { version } = await this.messenger.request(PersonaRollbackRequest, { revision });
      this.history = { busy: false };
      this.draft = undefined;
      this.status = `Rolled back to revision ${revision}, saved as revision ${version.revision}.`;
      // The host pushes the new state; take it now if it came first.
      if (this.view.persona?.revision === version.revision) this.adopt(this.view.persona);
    } catch (error) {
      this.history = { busy: false, error: `Could not roll back to revision ${revision}: ${errorText(error)}` };
    }
  }

  private async retry(): Promise<void> {
    if (!this.messenger || this.retrying) return;
    this.retrying = true;
    try {
      this.receive({ persona: await this.messenger.request(PersonaGetRequest, {}) });
    } catch (error) {
      // The last persona read stays: a draft without edits is then replaced when a newer one arrives, not kept as a conflict.
      this.view = { ...this.view, error: `Still not available: ${errorText(error)}` };
    } finally {
      this.retrying = false;
    }
  }

  override render() {
    const { persona, error } = this.view;
    return html`
      <h2>Persona</h2>
      ${error ? this.renderError(error) : nothing}
      ${persona && this.draft ? this.renderEditor(persona, this.draft) : error ? nothing : this.renderLoading()}
    `;
  }

  private renderLoading() {
    return loadingState('Reading the persona from the engine…');
  }

  private renderError(error: string) {
    return errorState({
      error,
      hint: html`If it names a damaged file, fix the file, or run "MetaHuman: Restart Engine": reopening the profile restores the persona from its last good revision and keeps the damaged copy aside. Otherwise the engine may still be starting or may have stopped; "MetaHuman: Run Diagnostics" shows why. Then Retry.`,
      retry: () => void this.retry(),
      retrying: this.retrying,
    });
  }

  private renderEditor(saved: PersonaState, draft: Persona) {
    const ctx: PersonaFormContext = {
      draft,
      problems: problemsByPath(this.problems),
      edit: (path, value) => this.change(setAt(draft, path, value)),
      add: (path, item) => this.change(addItem(draft, path, item)),
      remove: (path, index) => this.change(removeItem(draft, path, index)),
      shown: new Set(),
    };
    const form = renderPersonaForm(ctx);
    const elsewhere = unplacedProblems(this.problems, ctx.shown);
    const dirty = isDirty(draft, saved.persona);
    const blocked = this.problems.length > 0;
    return html`
      <p class="muted" id="persona-revision">Revision ${saved.revision}${saved.note ? ` · ${saved.note}` : ''}. Each save is a new revision; the history below keeps every earlier one.</p>
      <form class="persona-form" aria-label="Persona" @submit=${(e: Event) => e.preventDefault()}>${form}</form>
      ${elsewhere.length > 0
        ? html`<div class="error" id="other-problems"><p>Also to fix:</p><ul>${elsewhere.map((p) => html`<li>${fieldLabel(p.path)} ${p.message}</li>`)}</ul></div>`
        : nothing}
      <div class="save-bar actions">
        <vscode-button id="save-persona" ?disabled=${!dirty || blocked || this.saving || this.conflict} @click=${() => void this.save()}>${this.saving ? 'Saving…' : 'Save'}</vscode-button>
        <vscode-button id="discard-persona" secondary ?disabled=${!dirty || this.saving} @click=${() => this.discard()}>${this.conflict ? 'Reload' : 'Discard edits'}</vscode-button>
        <span id="save-status" role="status" aria-live="polite">${blocked ? `${this.problems.length} problem${this.problems.length === 1 ? '' : 's'} to fix before saving.` : this.status}</span>
      </div>
      ${this.saveError ? html`<p class="error" id="save-error" role="alert">${this.saveError}</p>` : nothing}
      ${renderHistory(
        saved.history,
        this.history,
        {
          compare: (revision) => void this.compare(revision),
          askRollback: (revision) => (this.history = { ...this.history, confirming: revision }),
          cancelRollback: () => (this.history = { ...this.history, confirming: undefined }),
          confirmRollback: (revision) => void this.rollback(revision),
        },
        this.clock.now,
        dirty,
      )}
    `;
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

declare global {
  interface HTMLElementTagNameMap {
    'mh-persona-app': MhPersonaApp;
  }
}
