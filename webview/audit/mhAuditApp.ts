import { LitElement, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { AuditSearchRequest, type AuditEntryView } from '../../src/protocol/auditProtocol';
import { AuditViewEntriesNotification, AuditViewStateNotification, AuditViewStateSchema, AuditViewVerifyCommand, type AuditViewState } from '../../src/protocol/auditViewProtocol';
import type { Messenger } from '../../src/protocol/messenger';
import { ClockController } from '../shared/clockController';
import { readInitialState } from '../shared/initialState';
import { viewStyles } from '../shared/viewStyles.css';
import { renderAuditFilters } from './auditFilters';
import { renderAuditList } from './auditList';
import { appendPage, isFiltered, liveMatches, NO_FILTER, type AuditFilter } from './auditModel';
import { renderVerifyBanner } from './verifyBanner';
import { auditAppStyles } from './mhAuditApp.css';
import { HostConnection } from '../shared/hostConnection';

const PAGE = 50;
/** Typing settles this long before a search goes out. */
const TYPING_MS = 250;
/** Scrolled further than this, live entries are held behind "N new entries" instead of moving the list. */
const SCROLLED_PX = 40;

/**
 * The audit panel: the chain check on top, the search box and category filters, the entries newest
 * first with "Show more". Searches go to the engine through the host; new entries arrive pushed
 * (`auditView/entries`) and go on top when they match the filter.
 */
@customElement('mh-audit-app')
export class MhAuditApp extends LitElement {
  static override styles = [viewStyles, auditAppStyles];

  @state() private view: AuditViewState = readInitialState(AuditViewStateSchema) ?? {};
  @state() private filter: AuditFilter = NO_FILTER;
  @state() private entries: AuditEntryView[] = [];
  @state() private held: AuditEntryView[] = [];
  @state() private total = 0;
  @state() private loading: 'first' | 'more' | false = 'first';
  @state() private error: string | undefined;
  @state() private fresh = new Set<string>();
  @state() private announcement = '';
  private readonly connection = new HostConnection(this, (messenger) => {
    messenger.onNotification(AuditViewStateNotification, (next) => (this.view = next));
    messenger.onNotification(AuditViewEntriesNotification, ({ entries }) => this.receive(entries));
  });

  private get messenger(): Messenger | undefined {
    return this.connection.messenger;
  }

  private searchSeq = 0;
  private typing: ReturnType<typeof setTimeout> | undefined;
  private readonly clock = new ClockController(this);
  private readonly onScroll = () => {
    if (window.scrollY <= SCROLLED_PX && this.held.length > 0) this.showHeld(false);
  };

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('scroll', this.onScroll, { passive: true });
    void this.search();
  }

  override disconnectedCallback(): void {
    window.removeEventListener('scroll', this.onScroll);
    clearTimeout(this.typing);
    super.disconnectedCallback();
  }

  private async search(): Promise<void> {
    if (!this.messenger) return;
    const seq = ++this.searchSeq;
    this.loading = 'first';
    this.error = undefined;
    try {
      const page = await this.messenger.request(AuditSearchRequest, this.query(0));
      if (seq !== this.searchSeq) return;
      this.entries = page.entries;
      this.held = [];
      this.total = page.total;
      this.fresh = new Set();
      this.announcement = `${page.total} ${page.total === 1 ? 'entry' : 'entries'} found.`;
    } catch (error) {
      if (seq === this.searchSeq) this.error = `The audit log could not be searched: ${errorText(error)}`;
    } finally {
      if (seq === this.searchSeq) this.loading = false;
      this.clock.tick();
    }
  }

  private async more(): Promise<void> {
    if (!this.messenger || this.loading) return;
    const seq = this.searchSeq;
    this.loading = 'more';
    try {
      // Held live entries are newer than everything shown: the engine counts them before ours.
      const page = await this.messenger.request(AuditSearchRequest, this.query(this.entries.length + this.held.length));
      if (seq !== this.searchSeq) return;
      this.entries = appendPage(this.entries, page.entries);
      this.total = Math.max(this.total, page.total);
    } catch (error) {
      if (seq === this.searchSeq) this.error = `Older entries could not be read: ${errorText(error)}`;
    } finally {
      if (seq === this.searchSeq) this.loading = false;
    }
  }

  private query(offset: number) {
    const text = this.filter.text.trim();
    return { ...(text ? { text } : {}), ...(this.filter.categories.length > 0 ? { categories: this.filter.categories } : {}), offset, limit: PAGE };
  }

  private changeFilter(next: AuditFilter): void {
    const textOnly = next.categories.length === this.filter.categories.length && next.categories.every((c) => this.filter.categories.includes(c));
    this.filter = next;
    clearTimeout(this.typing);
    if (textOnly) this.typing = setTimeout(() => void this.search(), TYPING_MS);
    else void this.search();
  }

  /** Live entries: those matching the filter go on top, or wait behind "N new entries" while the person reads further down. */
  private receive(incoming: AuditEntryView[]): void {
    const matching = liveMatches([...this.held, ...this.entries], incoming, this.filter);
    if (matching.length === 0) return;
    this.total += matching.length;
    this.fresh = new Set([...this.fresh, ...matching.map((e) => e.key)]);
    this.clock.tick();
    if (window.scrollY > SCROLLED_PX) {
      this.held = [...matching, ...this.held];
      this.announcement = `${this.held.length} new audit ${this.held.length === 1 ? 'entry' : 'entries'} above.`;
    } else {
      this.entries = [...matching, ...this.entries];
      this.announcement = `${matching.length} new audit ${matching.length === 1 ? 'entry' : 'entries'}.`;
    }
  }

  private showHeld(scroll: boolean): void {
    this.entries = [...this.held, ...this.entries];
    this.held = [];
    if (scroll) {
      window.scrollTo({ top: 0 });
      this.renderRoot.querySelector<HTMLElement>('#audit-search')?.focus();
    }
  }

  private verify(): void {
    this.view = { ...this.view, verifying: true };
    this.messenger?.command(AuditViewVerifyCommand, {});
  }

  override render() {
    const held = this.held.length;
    return html`
      <h2>Audit log</h2>
      <p class="sr-only" role="status" aria-live="polite">${this.announcement}</p>
      ${renderVerifyBanner(this.view, () => this.verify())}
      ${renderAuditFilters(this.filter, { change: (next) => this.changeFilter(next) })}
      ${held > 0
        ? html`<div class="held">
            <vscode-button id="audit-new-entries" @click=${() => this.showHeld(true)}>${held} new ${held === 1 ? 'entry' : 'entries'} — show</vscode-button>
          </div>`
        : nothing}
      ${renderAuditList(
        { entries: this.entries, total: this.total, held, loading: this.loading, ...(this.error ? { error: this.error } : {}), filtered: isFiltered(this.filter), fresh: this.fresh },
        this.clock.now,
        {
          more: () => void this.more(),
          retry: () => void this.search(),
          clearFilters: () => this.changeFilter(NO_FILTER),
        },
      )}
    `;
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

declare global {
  interface HTMLElementTagNameMap {
    'mh-audit-app': MhAuditApp;
  }
}
