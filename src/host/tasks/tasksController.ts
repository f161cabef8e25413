import * as vscode from 'vscode';
import { TasksAddRequest, TasksFollowStream, TasksListRequest, TasksSetStatusRequest, TasksUpdateRequest, type TasksState, type TaskView } from '../../protocol/tasksProtocol';
import { TasksViewShowProposalCommand, TasksViewStateNotification, type TasksViewState } from '../../protocol/tasksViewProtocol';
import type { EngineHost } from '../engine/engineHost';
import { EngineFollow } from '../webviews/engineFollow';
import { WebviewViewHost } from '../webviews/webviewViewHost';

/**
 * The tasks view: the person's edits are relayed to the engine (straight to the task store); a
 * snapshot is pushed after each and whenever the engine's `tasks/follow` stream (open while the
 * view lives) says the tasks or the twin's task proposals changed. A proposal opens in the approvals view, where it is answered.
 */
export class TasksController implements vscode.Disposable {
  static readonly viewId = 'metahuman.tasks';
  private state: TasksState | undefined;
  private error: string | undefined;
  readonly view: WebviewViewHost<TasksViewState>;
  private readonly disposables: vscode.Disposable[] = [];
  /** The engine's `tasks/follow`, held while the view lives; one ended by an engine restart is taken up again at the next refresh. */
  private readonly follow: EngineFollow;

  constructor(
    private readonly engine: EngineHost,
    extensionUri: vscode.Uri,
    log: vscode.LogOutputChannel,
  ) {
    this.view = new WebviewViewHost<TasksViewState>(
      extensionUri,
      {
        viewId: TasksController.viewId,
        bundle: 'tasks',
        rootElement: 'mh-tasks-app',
        title: 'MetaHuman Tasks',
        snapshot: () => ({ ...(this.state ? { state: this.state } : {}), ...(this.error ? { error: this.error } : {}) }),
        push: (messenger, state) => messenger.notify(TasksViewStateNotification, state),
        wire: (messenger) => {
          messenger.onRequest(TasksListRequest, () => this.refresh());
          messenger.onRequest(TasksAddRequest, (params) => this.after(this.engine.request(TasksAddRequest, params)));
          messenger.onRequest(TasksUpdateRequest, (params) => this.after(this.engine.request(TasksUpdateRequest, params)));
          messenger.onRequest(TasksSetStatusRequest, (params) => this.after(this.engine.request(TasksSetStatusRequest, params)));
          messenger.onCommand(TasksViewShowProposalCommand, ({ id }) => void vscode.commands.executeCommand('metahuman.showApprovals', id));
        },
        onReady: () => void this.refresh().catch(() => undefined),
      },
      log,
    );
    this.follow = new EngineFollow(
      (signal) => this.engine.stream(TasksFollowStream, {}, { signal, timeoutMs: 0 }),
      () => this.refresh(),
    );
    this.disposables.push(
      vscode.window.registerWebviewViewProvider(TasksController.viewId, this.view),
      // Answers with what the view shows (tasks, proposals or the error), for scripts and tests.
      vscode.commands.registerCommand('metahuman.showTasks', async () => {
        await this.view.reveal();
        await this.refresh().catch(() => undefined);
        return this.snapshotForCommand();
      }),
      vscode.commands.registerCommand('metahuman.addTask', (title?: unknown) => this.addTask(typeof title === 'string' ? title : undefined)),
      vscode.commands.registerCommand('metahuman.completeTask', (id?: unknown) => this.completeTask(typeof id === 'string' ? id : undefined)),
    );
  }

  /** "Add Task…": the title given or asked for; answers with the task added. */
  private async addTask(given?: string): Promise<TaskView | undefined> {
    const title = given ?? (await vscode.window.showInputBox({ title: 'MetaHuman: Add Task', prompt: 'What needs doing?', validateInput: (v) => (v.trim() ? undefined : 'A task needs a title.') }));
    if (!title?.trim()) return undefined;
    return this.after(this.engine.request(TasksAddRequest, { title }));
  }

  /** "Complete Task…": the task given or picked; asks before completing one whose dependencies are open. */
  private async completeTask(given?: string): Promise<TaskView | undefined> {
    let id = given;
    if (!id) {
      const open = (await this.refresh()).tasks.filter((t) => t.status !== 'done' && t.status !== 'cancelled');
      id = (await vscode.window.showQuickPick(open.map((t) => ({ label: t.title, id: t.id })), { title: 'MetaHuman: Complete Task' }))?.id;
    }
    if (!id) return undefined;
    let result = await this.after(this.engine.request(TasksSetStatusRequest, { id, status: 'done' }));
    if (!result.changed) {
      const names = result.openDependencies.map((t) => `"${t.title}"`).join(', ');
      const choice = await vscode.window.showWarningMessage(`"${result.task.title}" depends on ${names}, still open. Complete it anyway?`, { modal: true }, 'Complete Anyway');
      if (choice !== 'Complete Anyway') return result.task;
      result = await this.after(this.engine.request(TasksSetStatusRequest, { id, status: 'done', confirmed: true }));
    }
    return result.task;
  }

  async refresh(): Promise<TasksState> {
    try {
      this.state = await this.engine.request(TasksListRequest, {});
      this.error = undefined;
      this.follow.start();
      return this.state;
    } catch (error) {
      this.error = `Tasks are not available: ${error instanceof Error ? error.message : String(error)}`;
      throw error;
    } finally {
      this.view.refresh();
    }
  }

  private snapshotForCommand(): TasksViewState {
    return { ...(this.state ? { state: this.state } : {}), ...(this.error ? { error: this.error } : {}) };
  }

  /** The view shows the change at once, not only when the engine's watch notices it. */
  private async after<T>(request: Promise<T>): Promise<T> {
    const result = await request;
    void this.refresh().catch(() => undefined);
    return result;
  }

  dispose(): void {
    this.follow.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.view.dispose();
  }
}
