import * as vscode from 'vscode';
import { DashboardFiguresRequest, type DashboardFigures } from '../../protocol/dashboardProtocol';
import { DashboardViewOpenCommand, DashboardViewRefreshCommand, DashboardViewStateNotification, type DashboardViewState } from '../../protocol/dashboardViewProtocol';
import type { EngineHost } from '../engine/engineHost';
import { WebviewPanelHost } from '../webviews/webviewPanelHost';

/** Where a dashboard tile leads. */
const TARGETS = {
  approvals: 'metahuman.approvals.focus',
  reflections: 'metahuman.showReflections',
  tasks: 'metahuman.showTasks',
  memory: 'metahuman.openMemory',
} as const;

/** The dashboard editor tab: today at a glance, computed by the engine when it opens or is refreshed. */
export class DashboardController implements vscode.Disposable {
  readonly panel: WebviewPanelHost<DashboardViewState>;
  private figures: DashboardFigures | undefined;
  private error: string | undefined;

  constructor(
    private readonly engine: EngineHost,
    extensionUri: vscode.Uri,
    log: vscode.LogOutputChannel,
  ) {
    this.panel = new WebviewPanelHost<DashboardViewState>(
      extensionUri,
      {
        viewType: 'metahuman.dashboard',
        bundle: 'dashboard',
        rootElement: 'mh-dashboard-app',
        title: 'MetaHuman Dashboard',
        snapshot: () => this.state(),
        push: (messenger, state) => messenger.notify(DashboardViewStateNotification, state),
        wire: (messenger) => {
          messenger.onCommand(DashboardViewRefreshCommand, () => void this.refresh());
          messenger.onCommand(DashboardViewOpenCommand, ({ target, id }) => void vscode.commands.executeCommand(TARGETS[target], ...(id ? [id] : [])));
        },
        onReady: () => void this.refresh(),
      },
      log,
    );
  }

  state(): DashboardViewState {
    return { ...(this.figures ? { figures: this.figures } : {}), ...(this.error ? { error: this.error } : {}) };
  }

  async refresh(): Promise<DashboardViewState> {
    try {
      this.figures = await this.engine.request(DashboardFiguresRequest, {});
      this.error = undefined;
    } catch (error) {
      this.error = `The dashboard's figures are not available: ${error instanceof Error ? error.message : String(error)}`;
    }
    this.panel.refresh();
    return this.state();
  }

  get isOpen(): boolean {
    return this.panel.isOpen;
  }

  /** Opens the dashboard and resolves to what it shows. */
  async open(): Promise<DashboardViewState> {
    this.panel.open();
    return this.refresh();
  }

  dispose(): void {
    this.panel.dispose();
  }
}

export function registerDashboardViews(engine: EngineHost, extensionUri: vscode.Uri, log: vscode.LogOutputChannel, memoryChanged?: vscode.Event<void>): vscode.Disposable[] {
  const controller = new DashboardController(engine, extensionUri, log);
  return [
    controller,
    vscode.commands.registerCommand('metahuman.openDashboard', () => controller.open()),
    // Figures follow new memories while the dashboard is open.
    ...(memoryChanged ? [memoryChanged(() => void (controller.isOpen ? controller.refresh() : undefined))] : []),
  ];
}
