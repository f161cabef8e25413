import * as v from 'valibot';
import * as vscode from 'vscode';
import { ModelRoleSchema, ModelsStatusRequest, ModelsTestRequest, type ModelsStatus, type ModelsTestResult } from '../../protocol/modelsProtocol';
import {
  ModelsViewOpenSettingsCommand,
  ModelsViewRefreshCommand,
  ModelsViewSelectProviderCommand,
  ModelsViewSetRoleModelCommand,
  ModelsViewStateNotification,
  ModelsViewTestCommand,
  type EditorModel,
  type ModelsViewState,
} from '../../protocol/modelsViewProtocol';
import type { EngineHost } from '../engine/engineHost';
import { WebviewViewHost } from '../webviews/webviewViewHost';
import { editorChatModels } from './editorModels';
import { needsReachabilityCheck, testKey } from './reachabilityCheck';
import { roleEditable, roleModelChange } from './roleModelSetting';

type Role = ModelsStatus['roles'][number]['role'];
const ROLES = ModelRoleSchema.options;

/**
 * The models view: which provider the settings choose and the model of each role (from the engine,
 * which reads the settings), Test connection (the engine calls that provider, nothing else), and
 * changing a role's model, written to the `metahuman.*` setting here; the engine restarts on that
 * change and the view reads the status again after.
 */
export class ModelsController implements vscode.Disposable {
  static readonly viewId = 'metahuman.models';
  readonly view: WebviewViewHost<ModelsViewState>;
  private status: ModelsStatus | undefined;
  private test: ModelsTestResult | undefined;
  /** The provider and address the test result is about: a result for another one is dropped. */
  private testedFor: string | undefined;
  private testing = false;
  /** The test under way is the view's own check on opening, not the person's Test connection. */
  private checking = false;
  /** Providers and addresses checked on their own already (once each per window). */
  private readonly checked = new Set<string>();
  private opened = false;
  private editorModels: EditorModel[] | undefined;
  private error: string | undefined;
  private notice: ModelsViewState['notice'];
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly engine: EngineHost,
    extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.view = new WebviewViewHost<ModelsViewState>(
      extensionUri,
      {
        viewId: ModelsController.viewId,
        bundle: 'models',
        rootElement: 'mh-models-app',
        title: 'MetaHuman Models',
        snapshot: () => this.state(),
        push: (messenger, state) => messenger.notify(ModelsViewStateNotification, state),
        wire: (messenger) => {
          messenger.onCommand(ModelsViewTestCommand, () => void this.testConnection());
          messenger.onCommand(ModelsViewSetRoleModelCommand, ({ role, model }) => void this.setRoleModel(role, model));
          messenger.onCommand(ModelsViewSelectProviderCommand, () => void vscode.commands.executeCommand('metahuman.selectModelProvider'));
          messenger.onCommand(ModelsViewOpenSettingsCommand, () => void vscode.commands.executeCommand('workbench.action.openSettings', 'metahuman.llm'));
          messenger.onCommand(ModelsViewRefreshCommand, () => void this.refresh());
        },
        onReady: () => {
          this.opened = true;
          void this.refresh();
        },
      },
      log,
    );
    this.subscriptions.push(
      vscode.workspace.onDidChangeConfiguration((event) => {
        // After every listener of this change ran, so the engine restart has begun and answers with the new settings.
        if (event.affectsConfiguration('metahuman.llm') || event.affectsConfiguration('metahuman.search')) void afterThisTurn().then(() => this.refresh());
      }),
    );
  }

  state(): ModelsViewState {
    const status = this.status;
    return {
      ...(status ? { status, editableRoles: ROLES.filter((role) => roleEditable(status, role)) } : {}),
      ...(this.test ? { test: this.test } : {}),
      ...(this.testing ? { testing: true } : {}),
      ...(this.testing && this.checking ? { checking: true } : {}),
      ...(this.editorModels ? { editorModels: this.editorModels } : {}),
      ...(this.error ? { error: this.error } : {}),
      ...(this.notice ? { notice: this.notice } : {}),
    };
  }

  async refresh(): Promise<ModelsViewState> {
    try {
      const status = await this.engine.request(ModelsStatusRequest, {});
      this.status = status;
      this.error = undefined;
      if (this.testedFor !== testKey(status)) this.test = undefined;
      this.editorModels = status.provider === 'vscodeLm' ? await editorChatModels().catch(() => []) : undefined;
      if (this.opened && !this.testing && needsReachabilityCheck(status, this.testedFor, this.checked)) {
        this.checked.add(testKey(status));
        void this.testConnection(true);
      }
    } catch (error) {
      this.error = `The models status is not available: ${errorText(error)}`;
    }
    this.view.refresh();
    return this.state();
  }

  /**
   * Test connection: the engine calls the configured provider (offline contacts nothing); `vscodeLm`
   * is listed here. `check`: the view's own reachability check when it first shows a provider.
   */
  async testConnection(check = false): Promise<ModelsViewState> {
    if (this.testing) return this.state();
    this.testing = true;
    this.checking = check;
    this.view.refresh();
    try {
      const result = await this.engine.request(ModelsTestRequest, {});
      this.test = result.provider === 'vscodeLm' ? await this.editorTest(result) : result;
      this.testedFor = testKey(this.status, result.provider);
      this.log.info(`[models] Test connection (${result.provider}): ${result.ok ? 'ok' : 'failed'}${result.latencyMs !== undefined ? ` in ${result.latencyMs} ms` : ''}`);
    } catch (error) {
      this.test = {
        provider: this.status?.provider ?? 'unknown',
        contacted: false,
        ok: false,
        message: `The test did not finish: ${errorText(error)}. Try again, or run "MetaHuman: Run Diagnostics".`,
        models: [],
      };
      this.testedFor = testKey(this.status);
    } finally {
      this.testing = false;
      this.checking = false;
    }
    return this.refresh();
  }

  /** Changes a role's model setting (empty: the role uses the chat model); the view shows how it went. */
  async setRoleModel(role: Role, model: string): Promise<ModelsViewState> {
    if (!this.status) await this.refresh();
    if (!this.status) {
      this.notice = { text: `The ${role} model was not changed: ${this.error ?? 'the models status is not available'}.`, tone: 'error' };
      this.view.refresh();
      return this.state();
    }
    const change = roleModelChange(this.status, role, model);
    if (!change.ok) {
      this.notice = { text: change.error, tone: 'error' };
      this.view.refresh();
      return this.state();
    }
    try {
      await vscode.workspace.getConfiguration('metahuman').update(change.key, change.value, vscode.ConfigurationTarget.Global);
      this.notice = { text: `${change.text} The engine restarts with it.`, tone: 'info' };
      this.log.info(`[models] ${change.text}`);
    } catch (error) {
      this.notice = { text: `The ${role} model was not changed: ${errorText(error)}`, tone: 'error' };
    }
    await afterThisTurn();
    return this.refresh();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.view.dispose();
  }

  /** For `vscodeLm` the engine contacts nothing: the editor lists its chat models (and asks for consent on first use). */
  private async editorTest(result: ModelsTestResult): Promise<ModelsTestResult> {
    const started = performance.now();
    const models = await editorChatModels();
    this.editorModels = models;
    const latencyMs = Math.round(performance.now() - started);
    if (models.length === 0)
      return { ...result, ok: false, latencyMs, message: 'VS Code offers no chat model: install and sign in to one (e.g. GitHub Copilot), or choose another provider with "MetaHuman: Select Model Provider".' };
    return { ...result, ok: true, latencyMs, message: `VS Code offers ${models.length === 1 ? '1 chat model' : `${models.length} chat models`}; ${result.message}`, models: models.map((m) => ({ name: m.id })) };
  }
}

function afterThisTurn(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const RoleArgSchema = v.picklist(ROLES);

/** The models view, its provider and its commands (`metahuman.models.*` are for tests and keybindings: not in the palette). */
export function registerModelsViews(engine: EngineHost, extensionUri: vscode.Uri, log: vscode.LogOutputChannel): vscode.Disposable[] {
  const controller = new ModelsController(engine, extensionUri, log);
  return [
    controller,
    vscode.window.registerWebviewViewProvider(ModelsController.viewId, controller.view),
    vscode.commands.registerCommand('metahuman.showModels', async () => {
      await controller.view.reveal();
      return controller.refresh();
    }),
    vscode.commands.registerCommand('metahuman.models.testConnection', () => controller.testConnection()),
    vscode.commands.registerCommand('metahuman.models.setRoleModel', (role: unknown, model: unknown) => {
      const parsed = v.safeParse(RoleArgSchema, role);
      if (!parsed.success) throw new Error(`Unknown model role ${JSON.stringify(role)}: one of ${ROLES.join(', ')}.`);
      if (typeof model !== 'string') throw new Error(`The model for ${parsed.output} must be a string (empty: uses the chat model), not ${JSON.stringify(model)}.`);
      return controller.setRoleModel(parsed.output, model);
    }),
  ];
}
