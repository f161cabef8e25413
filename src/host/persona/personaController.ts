import * as vscode from 'vscode';
import {
  PersonaDiffRequest,
  PersonaFollowStream,
  PersonaGetRequest,
  PersonaRollbackRequest,
  PersonaSaveRequest,
  PersonaValidateRequest,
  type PersonaState,
} from '../../protocol/personaProtocol';
import { PersonaViewStateNotification, type PersonaViewState } from '../../protocol/personaViewProtocol';
import type { EngineHost } from '../engine/engineHost';
import { EngineFollow } from '../webviews/engineFollow';
import { WebviewPanelHost } from '../webviews/webviewPanelHost';

/**
 * The persona editor: an editor tab showing the identity kernel as a form, its history, diffs and
 * rollback. Every request goes to the engine, which validates against the schema and writes a new
 * revision; after a save or rollback, and whenever the persona is saved elsewhere (`persona/follow`,
 * held while the tab is open: another window, `mh persona set`), the fresh state is pushed to the tab.
 */
export class PersonaController implements vscode.Disposable {
  static readonly command = 'metahuman.editPersona';
  private persona: PersonaState | undefined;
  private error: string | undefined;
  readonly panel: WebviewPanelHost<PersonaViewState>;
  private readonly follow: EngineFollow;

  constructor(
    private readonly engine: EngineHost,
    extensionUri: vscode.Uri,
    log: vscode.LogOutputChannel,
  ) {
    this.panel = new WebviewPanelHost<PersonaViewState>(
      extensionUri,
      {
        viewType: 'metahuman.personaPanel',
        bundle: 'persona',
        rootElement: 'mh-persona-app',
        title: 'MetaHuman Persona',
        snapshot: () => ({ ...(this.persona ? { persona: this.persona } : {}), ...(this.error ? { error: this.error } : {}) }),
        push: (messenger, state) => messenger.notify(PersonaViewStateNotification, state),
        wire: (messenger) => {
          messenger.onRequest(PersonaGetRequest, () => this.refresh());
          messenger.onRequest(PersonaValidateRequest, (params) => this.engine.request(PersonaValidateRequest, params));
          messenger.onRequest(PersonaDiffRequest, (params) => this.engine.request(PersonaDiffRequest, params));
          messenger.onRequest(PersonaSaveRequest, async (params) => {
            const result = await this.engine.request(PersonaSaveRequest, params);
            if (result.saved || result.conflict) void this.refresh().catch(() => undefined);
            return result;
          });
          messenger.onRequest(PersonaRollbackRequest, async (params) => {
            const result = await this.engine.request(PersonaRollbackRequest, params);
            void this.refresh().catch(() => undefined);
            return result;
          });
        },
        onReady: () => void this.refresh().catch(() => undefined),
        onClosed: () => this.follow.stop(),
      },
      log,
    );
    this.follow = new EngineFollow(
      (signal) => this.engine.stream(PersonaFollowStream, {}, { signal, timeoutMs: 0 }),
      () => this.refresh(),
    );
  }

  open(): void {
    this.panel.open();
  }

  async refresh(): Promise<PersonaState> {
    try {
      this.persona = await this.engine.request(PersonaGetRequest, {});
      this.error = undefined;
      if (this.panel.isOpen) this.follow.start();
      return this.persona;
    } catch (error) {
      this.error = `The persona is not available: ${error instanceof Error ? error.message : String(error)}`;
      throw error;
    } finally {
      this.panel.refresh(true);
    }
  }

  /**
   * "Set Persona Field…" (as `mh persona set`): one field by dotted path, the value read as JSON
   * when it is JSON, else as text; saved through the engine like the editor's Save.
   */
  async setField(path?: string, value?: unknown): Promise<number | undefined> {
    const field = path ?? (await vscode.window.showInputBox({ title: 'MetaHuman: Set Persona Field', prompt: 'Dotted field path', placeHolder: 'identity.role' }));
    if (!field) return undefined;
    const raw = value ?? (await vscode.window.showInputBox({ title: `MetaHuman: Set ${field}`, prompt: 'New value (JSON, or plain text)' }));
    if (raw === undefined) return undefined;
    const current = await this.refresh();
    let draft: Record<string, unknown>;
    try {
      draft = withField(current.persona, field, typeof raw === 'string' ? parseValue(raw) : raw);
    } catch (error) {
      void vscode.window.showErrorMessage(`MetaHuman: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
    const result = await this.engine.request(PersonaSaveRequest, { persona: draft, baseRevision: current.revision, note: `set ${field}` });
    void this.refresh().catch(() => undefined);
    if (!result.saved || !result.version) {
      const why = result.problems.map((p) => `${p.path || 'persona'} ${p.message}`).join('; ');
      void vscode.window.showErrorMessage(why ? `MetaHuman: persona not saved: ${why}` : 'MetaHuman: nothing changed in the persona.');
      return undefined;
    }
    void vscode.window.showInformationMessage(`MetaHuman: persona saved as revision ${result.version.revision}.`);
    return result.version.revision;
  }

  /** "Roll Back Persona…": an earlier revision made current again (a new, audited revision). */
  async rollback(revision?: number): Promise<number | undefined> {
    let chosen = revision;
    if (chosen === undefined) {
      const state = await this.refresh();
      const picked = await vscode.window.showQuickPick(
        state.history
          .filter((v) => !v.current)
          .reverse()
          .map((v) => ({ label: `Revision ${v.revision}`, description: v.note ?? '', detail: `saved ${new Date(v.savedAt).toLocaleString()}`, revision: v.revision })),
        { title: 'MetaHuman: Roll Back Persona', placeHolder: 'Which revision should be current again? (saved as a new revision)' },
      );
      chosen = picked?.revision;
    }
    if (chosen === undefined) return undefined;
    const { version } = await this.engine.request(PersonaRollbackRequest, { revision: chosen });
    void this.refresh().catch(() => undefined);
    void vscode.window.showInformationMessage(`MetaHuman: persona rolled back to revision ${chosen}, saved as revision ${version.revision}.`);
    return version.revision;
  }

  dispose(): void {
    this.follow.dispose();
    this.panel.dispose();
  }
}

function parseValue(value: string): unknown {
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

function withField(persona: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(persona);
  const keys = path.split('.');
  let node = copy;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null) throw new Error(`the persona has no field "${key}" in ${path}`);
    node = next as Record<string, unknown>;
  }
  node[keys.at(-1)!] = value;
  return copy;
}

/** "MetaHuman: Edit Persona" and its editor tab; "Set Persona Field…" and "Roll Back Persona…" from the palette. */
export function registerPersonaViews(engine: EngineHost, extensionUri: vscode.Uri, log: vscode.LogOutputChannel): vscode.Disposable[] {
  const controller = new PersonaController(engine, extensionUri, log);
  return [
    controller,
    vscode.commands.registerCommand(PersonaController.command, () => controller.open()),
    vscode.commands.registerCommand('metahuman.setPersonaField', (path?: string, value?: unknown) => controller.setField(path, value)),
    vscode.commands.registerCommand('metahuman.rollbackPersona', (revision?: number) => controller.rollback(revision)),
  ];
}
