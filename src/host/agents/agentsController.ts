import * as vscode from 'vscode';
import { AgentActivityNotification, AgentCancelRequest, type AgentEvent, AgentRunStream, AgentsPauseRequest, AgentsStatusRequest, type AgentsStatus } from '../../protocol/agentsProtocol';
import { AgentsViewRunCommand, AgentsViewStateNotification, type AgentsViewState } from '../../protocol/agentsViewProtocol';
import type { Messenger } from '../../protocol/messenger';
import type { EngineHost } from '../engine/engineHost';
import { WebviewViewHost } from '../webviews/webviewViewHost';
import { describeRun } from './agentRunText';

type AgentId = AgentsStatus['agents'][number]['id'];
export interface AgentActivity {
  agent: AgentId;
  runId: string;
  event: AgentEvent;
}

/**
 * The agents in the editor: their state in the agents view (pushed on every run start and end,
 * live output streamed), "Run Agent…" with a cancellable progress notification, and pausing.
 */
export class AgentsController implements vscode.Disposable {
  static readonly viewId = 'metahuman.agents';
  private status: AgentsStatus | undefined;
  private error: string | undefined;
  readonly view: WebviewViewHost<AgentsViewState>;
  private readonly activityListeners = new Set<(activity: AgentActivity) => void>();

  constructor(
    private readonly engine: EngineHost,
    extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.view = new WebviewViewHost<AgentsViewState>(
      extensionUri,
      {
        viewId: AgentsController.viewId,
        bundle: 'agents',
        rootElement: 'mh-agents-app',
        title: 'MetaHuman Agents',
        snapshot: () => ({ ...(this.status ? { status: this.status } : {}), ...(this.error ? { error: this.error } : {}) }),
        push: (messenger, state) => messenger.notify(AgentsViewStateNotification, state),
        wire: (messenger) => {
          messenger.onRequest(AgentsStatusRequest, () => this.refresh());
          messenger.onRequest(AgentCancelRequest, (params) => this.engine.request(AgentCancelRequest, params));
          messenger.onRequest(AgentsPauseRequest, async (params) => {
            const result = await this.engine.request(AgentsPauseRequest, params);
            void this.refresh();
            return result;
          });
          messenger.onCommand(AgentsViewRunCommand, ({ agent }) => void this.run(agent));
        },
        onReady: () => void this.refresh().catch(() => undefined),
      },
      log,
    );
  }

  /** Wires a (re)started engine's agent notifications. */
  attach(messenger: Messenger): void {
    messenger.onNotification(AgentActivityNotification, (activity) => {
      this.view.send((m) => m.notify(AgentActivityNotification, activity));
      for (const listener of this.activityListeners) listener(activity);
      if (activity.event.type === 'done') void this.refresh().catch(() => undefined);
    });
  }

  /** Agent output for other views (the reflections view streams thoughts as they are written). */
  onActivity(listener: (activity: AgentActivity) => void): vscode.Disposable {
    this.activityListeners.add(listener);
    return { dispose: () => this.activityListeners.delete(listener) };
  }

  async refresh(): Promise<AgentsStatus> {
    try {
      this.status = await this.engine.request(AgentsStatusRequest, {});
      this.error = undefined;
    } catch (error) {
      this.error = `The agents' state is not available: ${error instanceof Error ? error.message : String(error)}`;
      throw error;
    } finally {
      this.view.refresh();
    }
    return this.status;
  }

  /** "Run Agent…": pick one (unless given), run it with a progress notification that can be cancelled. */
  async run(agent?: AgentId): Promise<void> {
    const chosen = agent ?? (await this.pick());
    if (!chosen) return;
    const title = this.status?.agents.find((a) => a.id === chosen)?.title ?? chosen;
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `MetaHuman ${title}`, cancellable: true },
      async (progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        let last: Parameters<typeof describeRun>[0] | undefined;
        try {
          for await (const event of this.engine.stream(AgentRunStream, { agent: chosen }, { signal: controller.signal, timeoutMs: 0 })) {
            if (event.type === 'progress') progress.report({ message: event.message });
            else if (event.type === 'record') progress.report({ message: `wrote a ${event.kind}` });
            else if (event.type === 'done') last = event.run;
          }
        } catch (error) {
          if (controller.signal.aborted) return { text: `${title} was cancelled.`, failed: false };
          return { text: `${title} failed: ${error instanceof Error ? error.message : String(error)}`, failed: true };
        }
        return last ? { text: `${title}: ${describeRun(last)}`, failed: last.outcome === 'error' } : { text: `${title} ended.`, failed: false };
      },
    );
    this.log.info(`[agents] ${outcome.text}`);
    if (outcome.failed) void vscode.window.showErrorMessage(outcome.text, 'Show Agents').then((c) => c && void this.view.reveal());
    else void vscode.window.showInformationMessage(outcome.text);
    void this.refresh().catch(() => undefined);
  }

  async setPaused(paused: boolean): Promise<void> {
    await this.engine.request(AgentsPauseRequest, { paused });
    void vscode.window.showInformationMessage(paused ? 'MetaHuman: scheduled agents are paused in every window until you resume them.' : 'MetaHuman: scheduled agents resumed.');
    await this.refresh().catch(() => undefined);
  }

  private async pick(): Promise<AgentId | undefined> {
    const status = await this.refresh().catch(() => undefined);
    const agents = status?.agents ?? [];
    const picked = await vscode.window.showQuickPick(
      agents.map((a) => ({ label: a.title, description: a.running ? 'running' : a.lastRun ? describeRun(a.lastRun) : 'never ran', detail: a.description, id: a.id })),
      { title: 'MetaHuman: Run Agent', placeHolder: 'Which agent should run now?' },
    );
    return picked?.id;
  }

  dispose(): void {
    this.view.dispose();
  }
}
