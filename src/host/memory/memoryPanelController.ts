import * as vscode from 'vscode';
import { MemoryPanelRunCommand, MemoryPanelShowNotification, MemoryPanelStateNotification, type MemoryPanelAction, type MemoryPanelState } from '../../protocol/memoryPanelViewProtocol';
import { MemoryDetailsRequest, MemoryListRequest, MemoryValidateRequest, type MemoryListParams, type MemoryListResult, type MemoryValidateResult, type MemoryValidation } from '../../protocol/memoryViewProtocol';
import type { EngineHost } from '../engine/engineHost';
import { WebviewPanelHost } from '../webviews/webviewPanelHost';

/** What each of the empty state's buttons runs. */
const ACTIONS: Record<MemoryPanelAction, [command: string, ...args: unknown[]]> = {
  rememberThis: ['metahuman.rememberThis'],
  addNote: ['metahuman.addNote'],
  importHistory: ['metahuman.importRepositoryHistory'],
  openChat: ['metahuman.openChat'],
  openInboxSettings: ['workbench.action.openSettings', 'metahuman.agents.inboxPath'],
};

/**
 * The Memory panel (an editor tab): browse, search and validate memories. Its list, details and
 * validations are relayed to the engine; after a validation the panel is told the memory changed.
 */
export class MemoryPanelController implements vscode.Disposable {
  static readonly viewType = 'metahuman.memoryPanel';
  private revision = 0;
  readonly panel: WebviewPanelHost<MemoryPanelState>;

  constructor(
    private readonly engine: EngineHost,
    extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.panel = new WebviewPanelHost<MemoryPanelState>(
      extensionUri,
      {
        viewType: MemoryPanelController.viewType,
        bundle: 'memory',
        rootElement: 'mh-memory-app',
        title: 'MetaHuman Memory',
        snapshot: () => ({ revision: this.revision }),
        push: (messenger, state) => messenger.notify(MemoryPanelStateNotification, state),
        wire: (messenger) => {
          messenger.onRequest(MemoryListRequest, (params) => this.engine.request(MemoryListRequest, params));
          messenger.onRequest(MemoryDetailsRequest, (params) => this.engine.request(MemoryDetailsRequest, params));
          messenger.onRequest(MemoryValidateRequest, ({ ids, action }) => this.validate(ids, action, false));
          messenger.onCommand(MemoryPanelRunCommand, ({ action }) => void this.run(action));
        },
      },
      log,
    );
  }

  /** Opens the panel (or brings it forward), showing one memory's details when an id is given. */
  open(id?: string): void {
    this.panel.open(id ? (messenger) => messenger.notify(MemoryPanelShowNotification, { id }) : undefined);
  }

  /** The list the panel shows for these filters (also `metahuman.listMemories`, for scripts and tests). */
  list(params: MemoryListParams): Promise<MemoryListResult> {
    return this.engine.request(MemoryListRequest, params);
  }

  /** Validates through the engine; the open panel reloads unless it made the change itself. */
  async validate(ids: string[], action: MemoryValidation, tellPanel = true): Promise<MemoryValidateResult> {
    const result = await this.engine.request(MemoryValidateRequest, { ids, action });
    const failed = result.results.filter((r) => !r.ok);
    if (failed.length) this.log.warn(`[memory] ${action.op} failed for ${failed.length} of ${ids.length}: ${failed[0].error ?? ''}`);
    if (tellPanel) this.changed();
    return result;
  }

  /** The memory changed: the open panel reloads what it shows. */
  changed(): void {
    this.revision++;
    this.panel.refresh();
  }

  private async run(action: MemoryPanelAction): Promise<void> {
    const [command, ...args] = ACTIONS[action];
    try {
      await vscode.commands.executeCommand(command, ...args);
      this.changed();
    } catch (error) {
      void vscode.window.showErrorMessage(`MetaHuman: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  dispose(): void {
    this.panel.dispose();
  }
}

/**
 * The Memory panel and its commands: `metahuman.showMemoryPanel` (optionally with a memory's id),
 * and `metahuman.listMemories` / `metahuman.validateMemory` for keybindings and scripts.
 * "MetaHuman: Open Memory" without an id opens the panel too (memoryDocuments.ts).
 */
export function registerMemoryPanel(engine: EngineHost, extensionUri: vscode.Uri, log: vscode.LogOutputChannel, memoryChanged?: vscode.Event<void>): vscode.Disposable[] {
  const controller = new MemoryPanelController(engine, extensionUri, log);
  return [
    controller,
    // Memories written elsewhere (capture, agents, another window, mh) reload the open panel.
    ...(memoryChanged ? [memoryChanged(() => controller.panel.isOpen && controller.changed())] : []),
    vscode.commands.registerCommand('metahuman.showMemoryPanel', (id?: unknown) => controller.open(typeof id === 'string' && id ? id : undefined)),
    vscode.commands.registerCommand('metahuman.listMemories', (params?: MemoryListParams) => controller.list(params ?? {})),
    vscode.commands.registerCommand('metahuman.validateMemory', (ids: string | string[], action: MemoryValidation) => controller.validate(Array.isArray(ids) ? ids : [ids], action)),
  ];
}
