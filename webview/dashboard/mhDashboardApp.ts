import { LitElement, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { DashboardViewOpenCommand, DashboardViewRefreshCommand, DashboardViewStateNotification, DashboardViewStateSchema, type DashboardViewState } from '../../src/protocol/dashboardViewProtocol';
import type { Messenger } from '../../src/protocol/messenger';
import { ClockController } from '../shared/clockController';
import { readInitialState } from '../shared/initialState';
import { viewStyles } from '../shared/viewStyles.css';
import { renderDashboard } from './dashboardTiles';
import './mhBarChart';
import { dashboardAppStyles } from './mhDashboardApp.css';
import { loadingState } from '../shared/viewStates';
import { HostConnection } from '../shared/hostConnection';

/** The dashboard panel: today at a glance. State comes only from the host (`dashboardView/state`). */
@customElement('mh-dashboard-app')
export class MhDashboardApp extends LitElement {
  static override styles = [viewStyles, dashboardAppStyles];

  @state() private view: DashboardViewState = readInitialState(DashboardViewStateSchema) ?? {};
  @state() private refreshing = false;
  private readonly connection = new HostConnection(this, (messenger) => {
    messenger.onNotification(DashboardViewStateNotification, (next) => {
      this.view = next;
      this.refreshing = false;
      this.clock.tick();
    });
  });

  private get messenger(): Messenger | undefined {
    return this.connection.messenger;
  }

  private readonly clock = new ClockController(this);

  private refresh(): void {
    this.refreshing = true;
    this.messenger?.command(DashboardViewRefreshCommand, {});
  }

  override render() {
    const { figures, error } = this.view;
    return html`
      <div class="head">
        <h2>Today at a glance</h2>
        <vscode-button id="refresh-dashboard" secondary ?disabled=${this.refreshing} @click=${() => this.refresh()}>${this.refreshing ? 'Refreshing…' : 'Refresh'}</vscode-button>
      </div>
      ${error
        ? html`<div class="error-state">
            <p class="error" role="alert">${error}</p>
            <p class="muted">The engine may still be starting or may have stopped; the MetaHuman chat view's Engine section shows why and runs diagnostics.</p>
          </div>`
        : nothing}
      ${figures
        ? renderDashboard(figures, this.clock.now, (target, id) => this.messenger?.command(DashboardViewOpenCommand, { target, ...(id ? { id } : {}) }))
        : error
          ? nothing
          : loadingState('Adding up today…')}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mh-dashboard-app': MhDashboardApp;
  }
}
