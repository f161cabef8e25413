import * as vscode from 'vscode';
import { DashboardFiguresRequest, type DashboardFigures } from '../../protocol/dashboardProtocol';
import { DashboardViewOpenCommand, DashboardViewRefreshCommand, DashboardViewStateNotification, type DashboardViewState } from '../../protocol/dashboardViewProtocol';
import { TasksFollowStream } from '../../protocol/tasksProtocol';
import type { EngineHost } from '../engine/engineHost';
import { EngineFollow } from '../webviews/engineFollow';
import { WebviewPanelHost } from '../webviews/webviewPanelHost';

/** Where a dashboard tile leads. */
const TARGETS = {
  approvals: 'metahuman.approvals.focus',
  reflections: 'metahuman.showReflections',
  tasks: 'metahuman.showTasks',
  memory: 'metahuman.openMemory',
} as const;

/** Changes come in bursts (a capture batch, an agent's proposals): the figures are added up once per burst. */
const SETTLE_MS = 300;

/**
 * The dashboard editor tab: today at a glance, computed by the engine when it opens, when the person
 * refreshes it, and, while it is open, when memories, tasks or approvals change (pushed by the
 * engine: new memories and approval-queue changes as notices, tasks through `tasks/follow`).
 */
export class DashboardController implements vscode.Disposable {
  readonly panel: WebviewPanelHost<DashboardViewState>;
  private figures: DashboardFigures | undefined;
  private error: string | undefined;
  private settle: ReturnType<typeof setTimeout> | undefined;
  /** The engine's `tasks/follow`, held while the tab is open; one ended by an engine restart is taken up again at the next page load. */
  private readonly follow: EngineFollow;

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
        onReady: () => {
          this.follow.start();
          void this.refresh();
        },
        onClosed: () => this.follow.stop(),
      },
      log,
    );
    this.follow = new EngineFollow(
      (signal) => this.engine.stream(TasksFollowStream, {}, { signal, timeoutMs: 0 }),
      () => this.changed(),
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

  /** Something the figures count changed: add them up again shortly, if the tab is open. */
  changed(): void {
    if (!this.panel.isOpen || this.settle) return;
    this.settle = setTimeout(() => {
      this.settle = undefined;
      void this.refresh();
    }, SETTLE_MS);
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
    if (this.settle) clearTimeout(this.settle);
    this.follow.dispose();
    this.panel.dispose();
  }
}

/** `changes`: the editor events after which the figures may differ (new memories, approval-queue changes). */
export function registerDashboardViews(engine: EngineHost, extensionUri: vscode.Uri, log: vscode.LogOutputChannel, changes: vscode.Event<void>[] = []): vscode.Disposable[] {
  const controller = new DashboardController(engine, extensionUri, log);
  return [controller, vscode.commands.registerCommand('metahuman.openDashboard', () => controller.open()), ...changes.map((event) => event(() => controller.changed()))];
}
