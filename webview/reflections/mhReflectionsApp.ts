import { LitElement, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { Messenger } from '../../src/protocol/messenger';
import type { ThoughtKind } from '../../src/protocol/reflectionsProtocol';
import {
  ReflectionsViewDialogueCommand,
  ReflectionsViewLiveNotification,
  ReflectionsViewOpenMemoryCommand,
  ReflectionsViewReflectNowCommand,
  ReflectionsViewRefreshCommand,
  ReflectionsViewStateNotification,
  ReflectionsViewStateSchema,
  type ReflectionsViewState,
} from '../../src/protocol/reflectionsViewProtocol';
import { ClockController } from '../shared/clockController';
import { readInitialState } from '../shared/initialState';
import { viewStyles } from '../shared/viewStyles.css';
import { reflectionsAppStyles } from './mhReflectionsApp.css';
import { ALL_THOUGHTS, RANGE_LABELS, THOUGHT_KINDS, applyLive, filterThoughts, kindLabel, toggleKind, type DateRange, type LiveDraft, type LiveMessage, type ThoughtFilter } from './reflectionsModel';
import { renderDrafts, renderThought } from './thoughtCard';
import { errorState, loadingState } from '../shared/viewStates';
import { HostConnection } from '../shared/hostConnection';

/**
 * The reflections view: new thoughts streamed as they are written, the stored ones with what they
 * cite, filters by kind and time, "Reflect now" and an inner dialogue on a topic. State comes only
 * from the host (initial state, then `reflectionsView/state` and `reflectionsView/live` pushes).
 */
@customElement('mh-reflections-app')
export class MhReflectionsApp extends LitElement {
  static override styles = [viewStyles, reflectionsAppStyles];

  @state() private view: ReflectionsViewState = readInitialState(ReflectionsViewStateSchema) ?? {};
  @state() private drafts: LiveDraft[] = [];
  @state() private filter: ThoughtFilter = ALL_THOUGHTS;
  @state() private topic = '';
  @state() private topicError: string | undefined;
  private readonly connection = new HostConnection(this, (messenger) => {
    messenger.onNotification(ReflectionsViewStateNotification, (next) => {
      this.view = next;
      this.clock.tick();
    });
    messenger.onNotification(ReflectionsViewLiveNotification, (message) => this.receiveLive(message));
  });

  private get messenger(): Messenger | undefined {
    return this.connection.messenger;
  }

  private readonly clock = new ClockController(this);

  private receiveLive(message: LiveMessage): void {
    const next = applyLive(this.drafts, this.view.thoughts ?? [], message, this.clock.now);
    this.drafts = next.drafts;
    if (this.view.thoughts || message.event.type === 'record') this.view = { ...this.view, thoughts: next.thoughts };
  }

  private reflectNow(): void {
    this.view = { ...this.view, running: 'reflect' };
    delete this.view.notice;
    this.messenger?.command(ReflectionsViewReflectNowCommand, {});
  }

  private startDialogue(event: Event): void {
    event.preventDefault();
    const topic = this.topic.trim();
    if (!topic) {
      this.topicError = 'Write a topic first: what should your twin think about?';
      return;
    }
    this.topicError = undefined;
    this.view = { ...this.view, running: 'dialogue' };
    this.messenger?.command(ReflectionsViewDialogueCommand, { topic });
    this.topic = '';
  }

  override render() {
    const { thoughts, error, running, notice } = this.view;
    return html`
      <h2>Reflections</h2>
      ${this.renderActions(running)}
      ${notice ? html`<p class=${notice.tone === 'error' ? 'error' : 'banner'} role=${notice.tone === 'error' ? 'alert' : 'status'}>${notice.text}</p>` : nothing}
      ${renderDrafts(this.drafts, running !== undefined)}
      ${error ? this.renderError(error) : nothing}
      ${thoughts ? this.renderList() : error ? nothing : this.renderLoading()}
    `;
  }

  private renderActions(running: ReflectionsViewState['running']) {
    return html`
      <div class="actions">
        <vscode-button id="reflect-now" ?disabled=${running !== undefined} @click=${() => this.reflectNow()}>${running === 'reflect' ? 'Reflecting…' : 'Reflect now'}</vscode-button>
      </div>
      <form class="dialogue-form" @submit=${(e: Event) => this.startDialogue(e)}>
        <input
          id="dialogue-topic"
          type="text"
          aria-label="Topic for an inner dialogue"
          placeholder="Start inner dialogue on…"
          .value=${this.topic}
          aria-invalid=${this.topicError ? 'true' : 'false'}
          @input=${(e: Event) => (this.topic = (e.target as HTMLInputElement).value)}
        />
        <vscode-button id="start-dialogue" secondary ?disabled=${running !== undefined} @click=${(e: Event) => this.startDialogue(e)}>${running === 'dialogue' ? 'Thinking…' : 'Think'}</vscode-button>
      </form>
      ${this.topicError ? html`<p class="error" role="alert">${this.topicError}</p>` : nothing}
    `;
  }

  private renderLoading() {
    return loadingState("Loading the twin's reflections…");
  }

  private renderError(error: string) {
    return errorState({
      error,
      hint: "The engine may still be starting or may have stopped; the MetaHuman chat view's Engine section shows why and runs diagnostics.",
      retry: () => this.messenger?.command(ReflectionsViewRefreshCommand, {}),
    });
  }

  private renderList() {
    const all = this.view.thoughts ?? [];
    const shown = filterThoughts(all, this.filter, this.clock.now);
    return html`
      <fieldset id="kind-filter">
        <legend>Show</legend>
        ${THOUGHT_KINDS.map(
          (kind: ThoughtKind) => html`<label
            ><input type="checkbox" data-kind=${kind} .checked=${this.filter.kinds.includes(kind)} @change=${() => (this.filter = toggleKind(this.filter, kind))} />${kindLabel(kind)}s</label
          >`,
        )}
        <label
          >When
          <select id="filter-range" aria-label="Time range" @change=${(e: Event) => (this.filter = { ...this.filter, range: (e.target as HTMLSelectElement).value as DateRange })}>
            ${(Object.keys(RANGE_LABELS) as DateRange[]).map((range) => html`<option value=${range} ?selected=${this.filter.range === range}>${RANGE_LABELS[range]}</option>`)}
          </select></label
        >
      </fieldset>
      ${all.length === 0
        ? html`<p id="thoughts-empty" class="muted">No reflections yet. The reflector writes one after a few hours of activity, the dreamer dreams overnight and, when you are idle, the twin thinks on its own; or press Reflect now.</p>`
        : shown.length === 0
          ? html`<p id="thoughts-empty" class="muted">Nothing matches these filters.</p>`
          : html`<ul id="thoughts" aria-label="Reflections, dreams and inner dialogue, newest first">
              ${shown.map((t) => renderThought(t, this.clock.now, (id) => this.messenger?.command(ReflectionsViewOpenMemoryCommand, { id })))}
            </ul>`}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mh-reflections-app': MhReflectionsApp;
  }
}
