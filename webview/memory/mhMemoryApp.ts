import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { MemoryPanelRunCommand, MemoryPanelShowNotification, MemoryPanelStateNotification, MemoryPanelStateSchema, type MemoryPanelAction } from '../../src/protocol/memoryPanelViewProtocol';
import { MemoryDetailsRequest, MemoryListRequest, MemoryValidateRequest, type MemoryDetails, type MemoryListItem, type MemoryValidation } from '../../src/protocol/memoryViewProtocol';
import type { Messenger } from '../../src/protocol/messenger';
import { ClockController } from '../shared/clockController';
import { readInitialState } from '../shared/initialState';
import { viewStyles } from '../shared/viewStyles.css';
import { renderMemoryDetails, type DetailsUi } from './memoryDetails';
import { renderNewTwin, renderNoMatch } from './memoryEmptyState';
import { renderMemoryList } from './memoryList';
import { memoryAppStyles } from './mhMemoryApp.css';
import { EMPTY_FILTERS, KIND_LABELS, emptyState, forgetQuestion, keepListed, listParams, parseTags, toggle, validationOutcome, type KindFilter, type MemoryFilters } from './memoryModel';
import { loadingState } from '../shared/viewStates';
import { HostConnection } from '../shared/hostConnection';

const IDLE_UI: DetailsUi = { editing: false, draft: '', tagDraft: '', confirmForget: false, busy: false };

/**
 * The Memory panel: search and filter the person's memories, open one to see its text, links,
 * edits and audit trail, and validate it or a selection. Everything shown comes from the engine
 * through the host; the panel reloads when the host says the memory changed.
 */
@customElement('mh-memory-app')
export class MhMemoryApp extends LitElement {
  static override styles = [viewStyles, memoryAppStyles];

  @state() private filters: MemoryFilters = EMPTY_FILTERS;
  @state() private items: MemoryListItem[] = [];
  @state() private totalRecords = -1;
  @state() private hasMore = false;
  @state() private time: string | undefined;
  @state() private loading = true;
  @state() private listError: string | undefined;
  @state() private filterError: string | undefined;
  @state() private selection = new Set<string>();
  @state() private bulkTag = '';
  @state() private confirmBulkForget = false;
  @state() private bulkBusy = false;
  @state() private details: MemoryDetails | undefined;
  @state() private detailsError: string | undefined;
  @state() private ui: DetailsUi = IDLE_UI;
  @state() private status = '';
  private revision = readInitialState(MemoryPanelStateSchema)?.revision ?? 0;
  private readonly connection = new HostConnection(this, (messenger) => {
    messenger.onNotification(MemoryPanelStateNotification, (next) => {
      if (next.revision === this.revision && this.totalRecords >= 0) return;
      this.revision = next.revision;
      void this.reload();
    });
    messenger.onNotification(MemoryPanelShowNotification, ({ id }) => void this.openMemory(id));
  });

  private get messenger(): Messenger | undefined {
    return this.connection.messenger;
  }

  private focusNext: string | undefined;
  private readonly clock = new ClockController(this);

  /** Reloads the list (first page) and the open memory. */
  private async reload(): Promise<void> {
    await Promise.all([this.load(0), this.details ? this.openMemory(this.details.id, false) : undefined]);
  }

  private async load(offset: number): Promise<void> {
    if (!this.messenger) return;
    const request = listParams(this.filters, offset);
    if ('error' in request) {
      this.filterError = request.error;
      return;
    }
    this.filterError = undefined;
    this.loading = true;
    try {
      const result = await this.messenger.request(MemoryListRequest, request.params);
      this.items = offset === 0 ? result.items : [...this.items, ...result.items];
      this.totalRecords = result.totalRecords;
      this.hasMore = result.hasMore;
      this.time = result.time;
      this.listError = undefined;
      this.selection = keepListed(this.selection, this.items);
    } catch (error) {
      this.listError = `Could not load memories: ${errorText(error)}`;
    } finally {
      this.loading = false;
      this.clock.tick();
    }
  }

  private async openMemory(id: string, resetUi = true): Promise<void> {
    if (!this.messenger) return;
    if (resetUi) this.ui = IDLE_UI;
    try {
      const details = await this.messenger.request(MemoryDetailsRequest, { id });
      this.details = details ?? undefined;
      this.detailsError = details ? undefined : 'This memory no longer exists (it was forgotten, or belongs to another profile).';
      if (resetUi) this.focusNext = '#details-heading';
    } catch (error) {
      this.detailsError = `Could not open the memory: ${errorText(error)}`;
    }
  }

  private async apply(ids: string[], action: MemoryValidation): Promise<boolean> {
    if (!this.messenger) return false;
    try {
      const result = await this.messenger.request(MemoryValidateRequest, { ids, action });
      const outcome = validationOutcome(action, result);
      this.status = outcome.text;
      await this.reload();
      return !outcome.failed;
    } catch (error) {
      this.status = `Could not save: ${errorText(error)}`;
      return false;
    }
  }

  /** A validation of the open memory. */
  private async applyToOpen(action: MemoryValidation, after?: Partial<DetailsUi>): Promise<void> {
    const d = this.details;
    if (!d || this.ui.busy) return;
    this.ui = { ...this.ui, busy: true };
    const ok = await this.apply([d.id], action);
    this.ui = { ...this.ui, busy: false, ...(ok ? after : {}) };
    if (action.op === 'forget' && ok) {
      this.details = undefined;
      this.focusNext = '#query';
    }
  }

  private async bulk(action: MemoryValidation): Promise<void> {
    if (this.bulkBusy || this.selection.size === 0) return;
    this.bulkBusy = true;
    const ok = await this.apply([...this.selection], action);
    this.bulkBusy = false;
    this.confirmBulkForget = false;
    if (ok && action.op === 'tag') this.bulkTag = '';
    if (ok && action.op === 'forget') this.selection = new Set();
  }

  private setFilter<K extends keyof MemoryFilters>(key: K, value: MemoryFilters[K], reload: boolean): void {
    this.filters = { ...this.filters, [key]: value };
    if (reload) void this.load(0);
  }

  private search(event: Event): void {
    event.preventDefault();
    void this.load(0);
  }

  private clearFilters(): void {
    this.filters = EMPTY_FILTERS;
    void this.load(0);
  }

  private run(action: MemoryPanelAction): void {
    this.messenger?.command(MemoryPanelRunCommand, { action });
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (!this.focusNext) return;
    const target = this.shadowRoot?.querySelector<HTMLElement>(this.focusNext);
    if (target) {
      if (!target.hasAttribute('tabindex') && target.tagName === 'H3') target.setAttribute('tabindex', '-1');
      target.focus();
      this.focusNext = undefined;
    }
  }

  override render() {
    return html`
      <h2>Memory</h2>
      ${this.renderFilters()}
      <p id="memory-status" class="muted" role="status" aria-live="polite">${this.status}</p>
      <div class="layout">
        <div class="list-pane">${this.renderList()}</div>
        ${this.details || this.detailsError ? html`<div class="details-pane">${this.renderDetails()}</div>` : nothing}
      </div>
    `;
  }

  private renderFilters() {
    const f = this.filters;
    return html`<form class="filters" role="search" aria-label="Search memories" @submit=${(e: Event) => this.search(e)}>
      <label class="query"
        >Search
        <input id="query" type="text" placeholder="what did I decide about caching last week?" .value=${f.query} @input=${(e: Event) => this.setFilter('query', value(e), false)}
      /></label>
      <label
        >Kind
        <select id="kind-filter" @change=${(e: Event) => this.setFilter('kind', value(e) as KindFilter, true)}>
          <option value="" ?selected=${f.kind === ''}>All kinds</option>
          ${Object.entries(KIND_LABELS).map(([kind, label]) => html`<option value=${kind} ?selected=${f.kind === kind}>${label}</option>`)}
        </select></label
      >
      <label>Project <input id="project-filter" type="text" .value=${f.project} @change=${(e: Event) => this.setFilter('project', value(e), true)} /></label>
      <label>Tag <input id="tag-filter" type="text" .value=${f.tag} @change=${(e: Event) => this.setFilter('tag', value(e), true)} /></label>
      <label>From <input id="from-filter" type="date" .value=${f.from} @change=${(e: Event) => this.setFilter('from', value(e), true)} /></label>
      <label>To <input id="to-filter" type="date" .value=${f.to} @change=${(e: Event) => this.setFilter('to', value(e), true)} /></label>
      <vscode-button id="search" type="submit" @click=${(e: Event) => this.search(e)}>Search</vscode-button>
    </form>
    ${this.filterError ? html`<p class="error" role="alert">${this.filterError}</p>` : nothing}
    ${this.time ? html`<p id="time-filter" class="muted">Searching ${this.time}.</p>` : nothing}`;
  }

  private renderList() {
    if (this.listError)
      return html`<div class="error-state">
        <p class="error" role="alert">${this.listError}</p>
        <p class="muted">The engine may still be starting or may have stopped; the MetaHuman chat view's Engine section shows why and runs diagnostics.</p>
        <div class="actions"><vscode-button id="retry" @click=${() => void this.load(0)}>Retry</vscode-button></div>
      </div>`;
    if (this.loading && this.totalRecords < 0)
      return loadingState('Loading memories…');
    const empty = emptyState(this.items, this.totalRecords);
    if (empty === 'new') return renderNewTwin((action) => this.run(action));
    if (empty === 'no-match') return renderNoMatch(() => this.clearFilters());
    return html`
      ${this.renderBulkBar()}
      ${renderMemoryList(this.items, this.selection, this.details?.id, { open: (id) => void this.openMemory(id), toggle: (id) => (this.selection = toggle(this.selection, id)) }, this.clock.now)}
      ${this.hasMore
        ? html`<div class="actions"><vscode-button id="load-more" secondary ?disabled=${this.loading} @click=${() => void this.load(this.items.length)}>${this.loading ? 'Loading…' : 'Show more'}</vscode-button></div>`
        : nothing}
    `;
  }

  private renderBulkBar() {
    const count = this.selection.size;
    const all = count > 0 && count === this.items.length;
    return html`<div class="bulk-bar" role="group" aria-label="Selected memories">
      <label><input type="checkbox" id="select-all" .checked=${all} @change=${() => (this.selection = all ? new Set() : new Set(this.items.map((i) => i.id)))} /> ${count ? `${count} selected` : 'Select all'}</label>
      ${count === 0
        ? nothing
        : this.confirmBulkForget
          ? html`<div id="bulk-forget-confirm" class="banner warning" role="group" aria-labelledby="bulk-forget-question">
              <p id="bulk-forget-question">${forgetQuestion(count)}</p>
              <div class="actions">
                <vscode-button id="bulk-confirm-forget" ?disabled=${this.bulkBusy} @click=${() => void this.bulk({ op: 'forget' })}>Forget ${count}</vscode-button>
                <vscode-button id="bulk-cancel-forget" secondary @click=${() => (this.confirmBulkForget = false)}>Keep them</vscode-button>
              </div>
            </div>`
          : html`<div class="actions">
              <vscode-button id="bulk-correct" secondary ?disabled=${this.bulkBusy} @click=${() => void this.bulk({ op: 'validate' })}>Mark correct</vscode-button>
              <vscode-button id="bulk-wrong" secondary ?disabled=${this.bulkBusy} @click=${() => void this.bulk({ op: 'mark_wrong' })}>Mark wrong</vscode-button>
              <span class="inline-form">
                <label class="sr-only" for="bulk-tag">Tags to add to the selection</label>
                <input id="bulk-tag" type="text" placeholder="tags" .value=${this.bulkTag} @input=${(e: Event) => (this.bulkTag = value(e))} />
                <vscode-button id="bulk-add-tag" secondary ?disabled=${this.bulkBusy || parseTags(this.bulkTag).length === 0} @click=${() => void this.bulk({ op: 'tag', add: parseTags(this.bulkTag) })}>Add tags</vscode-button>
              </span>
              <vscode-button id="bulk-forget" secondary ?disabled=${this.bulkBusy} @click=${() => (this.confirmBulkForget = true)}>Forget…</vscode-button>
            </div>`}
    </div>`;
  }

  private renderDetails() {
    if (!this.details)
      return html`<div class="card"><p class="error" role="alert">${this.detailsError}</p><vscode-button id="close-details" secondary @click=${() => (this.detailsError = undefined)}>Close</vscode-button></div>`;
    const d = this.details;
    return renderMemoryDetails(
      d,
      this.ui,
      {
        validate: () => void this.applyToOpen({ op: 'validate' }),
        markWrong: () => void this.applyToOpen({ op: 'mark_wrong' }),
        startEdit: () => {
          this.ui = { ...this.ui, editing: true, draft: d.text };
          this.focusNext = '#edit-draft';
        },
        setDraft: (text) => (this.ui = { ...this.ui, draft: text }),
        saveEdit: () => void this.applyToOpen({ op: 'correct_text', text: this.ui.draft }, { editing: false }),
        cancelEdit: () => (this.ui = { ...this.ui, editing: false }),
        setTagDraft: (text) => (this.ui = { ...this.ui, tagDraft: text }),
        addTags: () => {
          const add = parseTags(this.ui.tagDraft);
          if (add.length) void this.applyToOpen({ op: 'tag', add }, { tagDraft: '' });
        },
        removeTag: (tag) => void this.applyToOpen({ op: 'tag', remove: [tag] }),
        askForget: () => {
          this.ui = { ...this.ui, confirmForget: true };
          this.focusNext = '#cancel-forget';
        },
        forget: () => void this.applyToOpen({ op: 'forget' }),
        keep: () => (this.ui = { ...this.ui, confirmForget: false }),
        openLink: (id) => void this.openMemory(id),
        close: () => {
          this.details = undefined;
          this.focusNext = `.memory-item[data-id="${d.id}"] .memory-open`;
        },
      },
      this.clock.now,
    );
  }
}

function value(event: Event): string {
  return (event.target as HTMLInputElement | HTMLSelectElement).value;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

declare global {
  interface HTMLElementTagNameMap {
    'mh-memory-app': MhMemoryApp;
  }
}
