import { LitElement, html, type PropertyValues } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { Messenger } from '../../src/protocol/messenger';
import {
  ModelsViewOpenSettingsCommand,
  ModelsViewRefreshCommand,
  ModelsViewSelectProviderCommand,
  ModelsViewSetRoleModelCommand,
  ModelsViewStateNotification,
  ModelsViewStateSchema,
  ModelsViewTestCommand,
  type ModelsViewState,
} from '../../src/protocol/modelsViewProtocol';
import { readInitialState } from '../shared/initialState';
import { viewStyles } from '../shared/viewStyles.css';
import { modelsAppStyles } from './mhModelsApp.css';
import { renderModelsView, type ModelsActions } from './modelsView';
import { HostConnection } from '../shared/hostConnection';

/**
 * The models view: the provider the settings choose and whether it answers, the model per role,
 * and guidance when nothing is configured. State comes only from the host (`modelsView/state`).
 */
@customElement('mh-models-app')
export class MhModelsApp extends LitElement {
  static override styles = [viewStyles, modelsAppStyles];

  @state() private view: ModelsViewState = readInitialState(ModelsViewStateSchema) ?? {};
  private readonly connection = new HostConnection(this, (messenger) => {
    messenger.onNotification(ModelsViewStateNotification, (next) => {
      this.view = next;
      this.hostAnswered = true;
    });
  });

  private get messenger(): Messenger | undefined {
    return this.connection.messenger;
  }
  /** The control to focus once it is enabled again (a pressed button is disabled while its action runs). */
  private focusNext: string | undefined;
  private hostAnswered = false;
  private readonly actions: ModelsActions = {
    test: () => {
      this.focusNext = '#test-connection';
      this.hostAnswered = false;
      this.messenger?.command(ModelsViewTestCommand, {});
    },
    selectProvider: () => this.messenger?.command(ModelsViewSelectProviderCommand, {}),
    openSettings: () => this.messenger?.command(ModelsViewOpenSettingsCommand, {}),
    retry: () => this.messenger?.command(ModelsViewRefreshCommand, {}),
    setModel: (role, model) => {
      this.focusNext = `.role-row[data-role="${role}"] .set-model`;
      this.hostAnswered = false;
      this.messenger?.command(ModelsViewSetRoleModelCommand, { role, model });
    },
  };

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (!this.focusNext || !this.hostAnswered || this.view.testing) return;
    const target = this.shadowRoot?.querySelector<HTMLElement>(this.focusNext);
    if (target && !target.hasAttribute('disabled')) {
      target.focus();
    }
    this.focusNext = undefined;
  }

  override render() {
    return html`<h2>Models</h2>
      ${renderModelsView(this.view, this.actions)}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mh-models-app': MhModelsApp;
  }
}
