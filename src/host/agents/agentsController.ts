import * as v from 'valibot';
import * as vscode from 'vscode';
import {
  AgentActivityNotification,
  AgentCancelRequest,
  type AgentEvent,
  AgentIdSchema,
  AgentRunStream,
  AgentsFollowStream,
  AgentsPauseRequest,
  AgentsStatusRequest,
  type AgentsStatus,
} from '../../protocol/agentsProtocol';
import { AgentsViewOpenMemoryCommand, AgentsViewRunCommand, AgentsViewStateNotification, type AgentsViewState, type WrittenRecordPreviews, WRITTEN_RECORDS_SHOWN } from '../../protocol/agentsViewProtocol';
import { MemoryGetRequest } from '../../protocol/memoryProtocol';
import type { Messenger } from '../../protocol/messenger';
import { clip } from '../../core/agents/agentText';
import type { EngineHost } from '../engine/engineHost';
import { EngineFollow } from '../webviews/engineFollow';
import { WebviewViewHost } from '../webviews/webviewViewHost';
import { describeRun } from './agentRunText';

type AgentId = AgentsStatus['agents'][number]['id'];
export interface AgentActivity {
  agent: AgentId;
  runId: string;
  event: AgentEvent;
}

const PREVIEW_CHARS = 80;

/**
 * The agents in the editor: their state in the agents view (pushed on every run start and end
 * wherever it ran, through `agents/follow`, with what each run wrote; live output streamed),
 * "Run Agent…" with a cancellable progress notification, and pausing.
 */
export class AgentsController implements vscode.Disposable {
  static readonly viewId = 'metahuman.agents';
  private status: AgentsStatus | undefined;
  private error: string | undefined;
  readonly view: WebviewViewHost<AgentsViewState>;
  private readonly activityListeners = new Set<(activity: AgentActivity) => void>();
  /** What the listed runs wrote, by id; a record once looked up is not asked for again. */
  private readonly previews = new Map<string, { kind: string; preview: string } | null>();
  private readonly follow: EngineFollow;

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
        snapshot: () => ({ ...(this.status ? { status: this.status, records: this.writtenPreviews(this.status) } : {}), ...(this.error ? { error: this.error } : {}) }),
        push: (messenger, state) => messenger.notify(AgentsViewStateNotification, state),
        wire: (messenger) => {
          messenger.onRequest(AgentsStatusRequest, () => this.refresh());
          messenger.onRequest(AgentCancelRequest, ({ agent }) => this.cancel(agent));
          messenger.onRequest(AgentsPauseRequest, async (params) => {
            const result = await this.engine.request(AgentsPauseRequest, params);
            void this.refresh();
            return result;
          });
          messenger.onCommand(AgentsViewRunCommand, ({ agent }) => void this.run(agent));
          messenger.onCommand(AgentsViewOpenMemoryCommand, ({ id }) => void vscode.commands.executeCommand('metahuman.openMemory', id));
        },
        onReady: () => void this.refresh().catch(() => undefined),
      },
      log,
    );
    // Runs recorded anywhere (another window, `mh agents run`, `mh agents serve`) and a pause from `mh`.
    this.follow = new EngineFollow(
      (signal) => this.engine.stream(AgentsFollowStream, {}, { signal, timeoutMs: 0 }),
      () => this.refresh(),
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
      const status = await this.engine.request(AgentsStatusRequest, {});
      await this.lookUpWritten(status);
      this.status = status;
      this.error = undefined;
      this.follow.start();
    } catch (error) {
      this.error = `The agents' state is not available: ${error instanceof Error ? error.message : String(error)}`;
      throw error;
    } finally {
      this.view.refresh();
    }
    return this.status;
  }

  /** Looks up the records the listed runs wrote that are not known yet (a few per run). */
  private async lookUpWritten(status: AgentsStatus): Promise<void> {
    const missing = writtenIds(status).filter((id) => !this.previews.has(id));
    await Promise.all(
      missing.map(async (id) => {
        try {
          const record = await this.engine.request(MemoryGetRequest, { id });
          this.previews.set(id, record ? { kind: record.kind, preview: clip(record.text, PREVIEW_CHARS) } : null);
        } catch {
          /* unknown for now: listed by id, looked up again at the next refresh */
        }
      }),
    );
  }

  private writtenPreviews(status: AgentsStatus): WrittenRecordPreviews {
    const out: WrittenRecordPreviews = {};
    for (const id of writtenIds(status)) {
      const preview = this.previews.get(id);
      if (preview) out[id] = preview;
    }
    return out;
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

  /** The view's Cancel (and `metahuman.agents.cancel` for scripts and tests): stops the agent's running run. */
  async cancel(agent: unknown): Promise<{ cancelled: boolean }> {
    const parsed = v.safeParse(AgentIdSchema, agent);
    if (!parsed.success) throw new Error(`There is no agent ${JSON.stringify(agent)} to cancel; name one of ${AgentIdSchema.options.join(', ')}.`);
    const result = await this.engine.request(AgentCancelRequest, { agent: parsed.output });
    this.log.info(`[agents] Cancel ${parsed.output}: ${result.cancelled ? 'the run was cancelled' : 'it was not running'}.`);
    return result;
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
    this.follow.dispose();
    this.view.dispose();
  }
}

function writtenIds(status: AgentsStatus): string[] {
  const runs = [...status.recentRuns, ...status.agents.flatMap((a) => (a.lastRun ? [a.lastRun] : []))];
  return [...new Set(runs.flatMap((run) => run.ids.slice(0, WRITTEN_RECORDS_SHOWN)))];
}
