import * as vscode from 'vscode';
import type { EngineSettings } from '../core/engine/engineSettings';
import { resolveProfilePath } from '../core/profile/profilePath';
import { readSettings, type SettingsSnapshot } from '../core/settings/settingsTable';
import { AgentRunStream, AgentsStatusRequest } from '../protocol/agentsProtocol';
import { ChatAskStream } from '../protocol/chatProtocol';
import { DecisionsProposeRequest, DecisionsSetTrustRequest, DecisionsStateRequest } from '../protocol/decisionsProtocol';
import { EngineStatusRequest } from '../protocol/engineProtocol';
import type { MetaHumanApi } from './api';
import { watchActivity } from './agents/activityPulse';
import { AgentsController } from './agents/agentsController';
import { TasksController } from './tasks/tasksController';
import { registerPersonaViews } from './persona/personaController';
import { CaptureController } from './capture/captureController';
import { registerAutonomyCommands } from './commands/autonomyCommands';
import { DecisionsController } from './decisions/decisionsController';
import { refreshMemoryEmpty, registerHistoryCommands } from './commands/historyCommands';
import { registerChatParticipant } from './chat/chatParticipant';
import { registerMemorySearchTool } from './chat/memorySearchTool';
import { registerChatCommands } from './commands/chatCommands';
import { registerMemoryCommands } from './commands/memoryCommands';
import { registerModelCommands } from './commands/modelCommands';
import { registerCommands } from './commands/registerCommands';
import { EngineHost } from './engine/engineHost';
import { MemoryChangeEvents } from './engine/memoryChangeEvents';
import { registerHostServices } from './engine/hostServices';
import { EngineStatusModel } from './engine/engineStatusModel';
import { reportEngineError } from './engine/reportEngineError';
import { EngineStatusBar } from './statusBar/engineStatusBar';
import { ChatViewProvider } from './views/chatViewProvider';
import { registerMemoryDocuments } from './views/memoryDocuments';
import { registerMemoryPanel } from './memory/memoryPanelController';
import { registerReflectionsViews } from './reflections/reflectionsController';
import { registerModelsViews } from './models/modelsController';
import { registerDashboardViews } from './dashboard/dashboardController';
import { registerAuditViews } from './audit/auditController';

/**
 * The composition root. Activation stays cheap: nothing here reads the profile or starts the
 * engine worker; that happens on first use (a view, a command).
 */
export function activate(context: vscode.ExtensionContext): MetaHumanApi {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('MetaHuman', { log: true });
  const settings = hostSettings();
  const profilePath = resolveProfilePath({ explicit: settings.profilePath, env: process.env });

  const memoryChanges = new MemoryChangeEvents();
  const stateSink: { model?: EngineStatusModel; agents?: AgentsController; decisions?: DecisionsController } = {};
  const engine = new EngineHost({
    workerPath: context.asAbsolutePath('dist/engine.js'),
    settings: engineSettings(settings, profilePath),
    requestTimeoutMs: settings.requestTimeoutSeconds * 1000,
    registerHostHandlers: (messenger) => {
      registerHostServices(messenger, context.secrets);
      memoryChanges.attach(messenger);
      stateSink.agents?.attach(messenger);
      stateSink.decisions?.attach(messenger);
    },
    log: (level, message) => log[level](message),
    onStateChange: (state, detail) => {
      stateSink.model?.setEngineState(state, detail);
      if (state === 'failed') void reportEngineError(`the engine keeps stopping (${detail ?? 'unknown reason'}).`, log);
    },
  });
  const model = new EngineStatusModel(engine, profilePath);
  stateSink.model = model;
  const restartEngine = async () => {
    const current = hostSettings();
    const next = resolveProfilePath({ explicit: current.profilePath, env: process.env });
    model.setProfilePath(next);
    await engine.restart(engineSettings(current, next));
    for (const view of [stateSink.agents, stateSink.decisions]) void view?.refresh().catch(() => undefined); // settings such as dry run show at once
  };

  const chatView = new ChatViewProvider(context.extensionUri, model, log);
  const agents = new AgentsController(engine, context.extensionUri, log);
  const policyFile = () => vscode.Uri.joinPath(vscode.Uri.file(resolveProfilePath({ explicit: hostSettings().profilePath, env: process.env })), 'policy.json');
  const decisions = new DecisionsController(engine, context.extensionUri, log, policyFile);
  stateSink.agents = agents;
  stateSink.decisions = decisions;
  context.subscriptions.push(
    chatView,
    log,
    model,
    { dispose: () => void engine.dispose() },
    new EngineStatusBar(model),
    vscode.window.registerWebviewViewProvider(ChatViewProvider.viewId, chatView, {
      webviewOptions: { retainContextWhenHidden: false },
    }),
    agents,
    decisions,
    vscode.window.registerWebviewViewProvider(AgentsController.viewId, agents.view),
    vscode.window.registerWebviewViewProvider(DecisionsController.viewId, decisions.view),
    ...registerCommands({ model, log, restartEngine }),
    ...registerAutonomyCommands(agents, decisions),
    vscode.commands.registerCommand('metahuman.agents.cancel', (agent: unknown) => agents.cancel(agent)),
    new TasksController(engine, context.extensionUri, log),
    ...registerReflectionsViews(engine, agents, context.extensionUri, log, memoryChanges.onDidChange),
    memoryChanges,
    ...registerDashboardViews(engine, context.extensionUri, log, [memoryChanges.onDidChange, decisions.onDidChange]),
    ...registerAuditViews(engine, context.extensionUri, log),
    watchActivity(engine),
    ...registerMemoryCommands(engine, log),
    ...registerHistoryCommands(engine, log),
    ...registerChatCommands(engine, chatView),
    ...registerModelCommands(context.secrets),
    ...registerModelsViews(engine, context.extensionUri, log),
    ...registerMemoryDocuments(engine),
    ...registerMemoryPanel(engine, context.extensionUri, log, memoryChanges.onDidChange),
    ...registerMemorySearchTool(engine),
    ...registerChatParticipant(engine, context.extensionUri),
    ...registerPersonaViews(engine, context.extensionUri, log),
    new CaptureController(engine, log, context.workspaceState),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (['metahuman.profilePath', 'metahuman.search', 'metahuman.capture', 'metahuman.llm', 'metahuman.agents', 'metahuman.decisions'].some((key) => event.affectsConfiguration(key))) {
        log.info('MetaHuman settings changed: restarting the engine with them.');
        void restartEngine();
      }
    }),
  );

  // After start-up, off the activation path: is the twin empty (the walkthrough then offers an import)?
  const warmUp = setTimeout(() => void refreshMemoryEmpty(engine), 3000);
  context.subscriptions.push({ dispose: () => clearTimeout(warmUp) });

  const activationMs = performance.now() - started;
  log.info(`MetaHuman activated in ${activationMs.toFixed(1)} ms; profile ${profilePath}`);
  return {
    activationMs,
    getStatus: () => engine.request(EngineStatusRequest, {}),
    restartEngine,
    ask: (params, signal) => engine.stream(ChatAskStream, params, { signal, timeoutMs: 0 }),
    agents: {
      status: () => engine.request(AgentsStatusRequest, {}),
      run: (agent, signal) => engine.stream(AgentRunStream, { agent }, { signal, timeoutMs: 0 }),
    },
    decisions: {
      state: () => engine.request(DecisionsStateRequest, {}),
      propose: (params) => engine.request(DecisionsProposeRequest, params, { timeoutMs: 0 }),
      setTrust: (params) => engine.request(DecisionsSetTrustRequest, params),
    },
  };
}

export function deactivate(): void {
  // Everything is released through context.subscriptions.
}

function engineSettings(values: SettingsSnapshot, profilePath: string): EngineSettings {
  const folders = vscode.workspace.workspaceFile?.toString() ?? (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.toString()).join('|');
  return { profilePath, values, actor: 'vscode', workspaceKey: folders || 'no-folder' };
}

function hostSettings(): SettingsSnapshot {
  const config = vscode.workspace.getConfiguration('metahuman');
  return readSettings((key) => config.get(key));
}
