import * as vscode from 'vscode';
import { AgentRunStream, type AgentRunView } from '../../protocol/agentsProtocol';
import { ReflectionsDialogueStream, ReflectionsListRequest, type Thought } from '../../protocol/reflectionsProtocol';
import {
  ReflectionsViewDialogueCommand,
  ReflectionsViewLiveNotification,
  ReflectionsViewOpenMemoryCommand,
  ReflectionsViewReflectNowCommand,
  ReflectionsViewRefreshCommand,
  ReflectionsViewStateNotification,
  type ReflectionsViewState,
} from '../../protocol/reflectionsViewProtocol';
import type { AgentActivity, AgentsController } from '../agents/agentsController';
import type { EngineHost } from '../engine/engineHost';
import { WebviewViewHost } from '../webviews/webviewViewHost';

const THOUGHT_KINDS = new Set(['reflection', 'dream', 'dialogue']);

/**
 * The reflections view: the twin's stored thoughts with what they cite, and new ones streamed as
 * any agent of this window writes them (from `agents/activity`); thoughts written elsewhere (another
 * window, `mh agents run`) arrive with the engine's settled "memory changed" notice. "Reflect now"
 * runs the reflector and "Start inner dialogue on…" one turn on the person's topic, streamed into the view.
 */
export class ReflectionsController implements vscode.Disposable {
  static readonly viewId = 'metahuman.reflections';
  readonly view: WebviewViewHost<ReflectionsViewState>;
  private thoughts: Thought[] | undefined;
  private error: string | undefined;
  private running: ReflectionsViewState['running'];
  private notice: ReflectionsViewState['notice'];
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly engine: EngineHost,
    agents: AgentsController,
    extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    memoryChanged?: vscode.Event<void>,
  ) {
    this.view = new WebviewViewHost<ReflectionsViewState>(
      extensionUri,
      {
        viewId: ReflectionsController.viewId,
        bundle: 'reflections',
        rootElement: 'mh-reflections-app',
        title: 'MetaHuman Reflections',
        snapshot: () => this.state(),
        push: (messenger, state) => messenger.notify(ReflectionsViewStateNotification, state),
        wire: (messenger) => {
          messenger.onCommand(ReflectionsViewReflectNowCommand, () => void this.reflectNow());
          messenger.onCommand(ReflectionsViewDialogueCommand, ({ topic }) => void this.startDialogue(topic));
          messenger.onCommand(ReflectionsViewOpenMemoryCommand, ({ id }) => void vscode.commands.executeCommand('metahuman.openMemory', id));
          messenger.onCommand(ReflectionsViewRefreshCommand, () => void this.refresh());
        },
        onReady: () => void this.refresh(),
      },
      log,
    );
    this.subscriptions.push(agents.onActivity((activity) => this.receive(activity)));
    if (memoryChanged) this.subscriptions.push(memoryChanged(() => this.memoryChanged()));
  }

  /** New memories somewhere: relist once the view has been shown (a view never opened lists at its first show). */
  private memoryChanged(): void {
    if (this.thoughts === undefined && !this.view.visible) return;
    void this.refresh();
  }

  state(): ReflectionsViewState {
    return {
      ...(this.thoughts ? { thoughts: this.thoughts } : {}),
      ...(this.error ? { error: this.error } : {}),
      ...(this.running ? { running: this.running } : {}),
      ...(this.notice ? { notice: this.notice } : {}),
    };
  }

  /** Any agent's thought as it is written; a written one is then listed with its citations. */
  private receive({ agent, event }: AgentActivity): void {
    if ((event.type === 'text' || event.type === 'record') && THOUGHT_KINDS.has(event.kind)) {
      this.view.send((m) => m.notify(ReflectionsViewLiveNotification, { origin: agent, event }));
      if (event.type === 'record') void this.refresh();
    }
  }

  async refresh(): Promise<ReflectionsViewState> {
    try {
      this.thoughts = (await this.engine.request(ReflectionsListRequest, {})).thoughts;
      this.error = undefined;
    } catch (error) {
      this.error = `The reflections are not available: ${errorText(error)}`;
    }
    this.view.refresh();
    return this.state();
  }

  /** Runs the reflector; its text streams in through the agents' activity. Resolves to the view's state after. */
  async reflectNow(): Promise<ReflectionsViewState> {
    if (this.running) return this.state();
    this.begin('reflect');
    let run: AgentRunView | undefined;
    try {
      for await (const event of this.engine.stream(AgentRunStream, { agent: 'reflector' }, { timeoutMs: 0 })) if (event.type === 'done') run = event.run;
      this.notice = reflectNotice(run);
    } catch (error) {
      this.notice = { text: `The reflector failed: ${errorText(error)}`, tone: 'error' };
    }
    return this.end();
  }

  /** One inner-dialogue turn on a topic (asked for when not given), streamed into the view. */
  async startDialogue(topic?: string): Promise<ReflectionsViewState> {
    const chosen = topic ?? (await vscode.window.showInputBox({ title: 'MetaHuman: Start Inner Dialogue', prompt: 'What should your twin think about?', placeHolder: 'e.g. whether to split the parser into its own package' }));
    if (!chosen?.trim() || this.running) return this.state();
    this.begin('dialogue');
    try {
      for await (const event of this.engine.stream(ReflectionsDialogueStream, { topic: chosen }, { timeoutMs: 0 })) {
        this.view.send((m) => m.notify(ReflectionsViewLiveNotification, { origin: 'dialogue', event }));
      }
    } catch (error) {
      this.notice = { text: `The inner dialogue failed: ${errorText(error)}`, tone: 'error' };
    }
    return this.end();
  }

  private begin(running: NonNullable<ReflectionsViewState['running']>): void {
    this.running = running;
    this.notice = undefined;
    this.view.refresh();
  }

  private async end(): Promise<ReflectionsViewState> {
    this.running = undefined;
    if (this.notice) this.log.info(`[reflections] ${this.notice.text}`);
    return this.refresh();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.view.dispose();
  }
}

function reflectNotice(run: AgentRunView | undefined): ReflectionsViewState['notice'] {
  if (!run) return { text: 'The reflector ended without saying how.', tone: 'error' };
  if (run.outcome === 'error') return { text: `The reflector failed: ${run.error ?? 'unknown error'}`, tone: 'error' };
  if (run.outcome === 'ok' && run.recordsWritten > 0) return undefined;
  return { text: run.summary ?? `The reflector ended: ${run.outcome}.`, tone: 'info' };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The reflections view, its provider and its commands. */
export function registerReflectionsViews(
  engine: EngineHost,
  agents: AgentsController,
  extensionUri: vscode.Uri,
  log: vscode.LogOutputChannel,
  memoryChanged?: vscode.Event<void>,
): vscode.Disposable[] {
  const controller = new ReflectionsController(engine, agents, extensionUri, log, memoryChanged);
  return [
    controller,
    vscode.window.registerWebviewViewProvider(ReflectionsController.viewId, controller.view),
    // Answers with what the view shows once it is on screen, for scripts and tests.
    vscode.commands.registerCommand('metahuman.showReflections', async () => {
      await controller.view.reveal();
      return { ...(await controller.refresh()), visible: controller.view.visible };
    }),
    vscode.commands.registerCommand('metahuman.reflectNow', () => controller.reflectNow()),
    vscode.commands.registerCommand('metahuman.startInnerDialogue', (topic?: unknown) => controller.startDialogue(typeof topic === 'string' ? topic : undefined)),
  ];
}
