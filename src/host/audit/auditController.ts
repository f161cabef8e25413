import * as vscode from 'vscode';
import { AuditFollowStream, AuditSearchRequest, AuditVerifyRequest, type AuditEntryView } from '../../protocol/auditProtocol';
import { AuditViewEntriesNotification, AuditViewStateNotification, AuditViewVerifyCommand, type AuditViewState } from '../../protocol/auditViewProtocol';
import type { EngineHost } from '../engine/engineHost';
import { WebviewPanelHost } from '../webviews/webviewPanelHost';

/** How many followed entries the controller remembers for `metahuman.openAudit`'s answer. */
const FOLLOWED_KEPT = 100;

/** What "MetaHuman: Open Audit Log" answers with: the panel's state and the entries followed since it opened. */
export interface AuditPanelSnapshot extends AuditViewState {
  followed: AuditEntryView[];
}

/**
 * The audit editor tab: searches are relayed to the engine; the chain check runs when the panel
 * opens and on "Verify again"; while the panel is open the engine's `audit/follow` stream is held
 * and each batch of new entries is sent to the panel when it is visible (a hidden panel's page is
 * rebuilt when shown, and searches afresh).
 */
export class AuditController implements vscode.Disposable {
  readonly panel: WebviewPanelHost<AuditViewState>;
  private state: AuditViewState = {};
  private followed: AuditEntryView[] = [];
  private following: Promise<void> | undefined;
  private followStop: AbortController | undefined;
  private disposed = false;

  constructor(
    private readonly engine: EngineHost,
    extensionUri: vscode.Uri,
    log: vscode.LogOutputChannel,
  ) {
    this.panel = new WebviewPanelHost<AuditViewState>(
      extensionUri,
      {
        viewType: 'metahuman.audit',
        bundle: 'audit',
        rootElement: 'mh-audit-app',
        title: 'MetaHuman Audit Log',
        snapshot: () => this.state,
        push: (messenger, state) => messenger.notify(AuditViewStateNotification, state),
        wire: (messenger) => {
          messenger.onRequest(AuditSearchRequest, (params) => this.engine.request(AuditSearchRequest, params));
          messenger.onCommand(AuditViewVerifyCommand, () => void this.verify());
        },
        onReady: () => void this.follow(),
        onClosed: () => this.followStop?.abort(),
      },
      log,
    );
  }

  /** Opens the panel (or brings it forward), checks the chain and has the follow stream up; answers with what it shows. */
  async open(): Promise<AuditPanelSnapshot> {
    this.panel.open();
    await Promise.all([this.verify(), this.follow()]);
    return this.snapshot();
  }

  snapshot(): AuditPanelSnapshot {
    return { ...this.state, followed: [...this.followed] };
  }

  async verify(): Promise<AuditViewState> {
    this.state = { ...this.state, verifying: true };
    this.panel.refresh();
    try {
      this.state = { report: await this.engine.request(AuditVerifyRequest, {}) };
    } catch (error) {
      this.state = { verifyError: `The audit log could not be checked: ${error instanceof Error ? error.message : String(error)}` };
    }
    this.panel.refresh();
    return this.state;
  }

  /**
   * Holds the follow stream while the panel is open; resolves once the engine's watch is up (its
   * first, empty chunk), or when the stream could not start. A stream ended by an engine restart is
   * taken up again at the next open or page load.
   */
  private follow(): Promise<void> {
    if (this.following || this.disposed) return this.following ?? Promise.resolve();
    const stop = new AbortController();
    this.followStop = stop;
    let watching!: () => void;
    const up = new Promise<void>((resolve) => (watching = resolve));
    this.following = up;
    void (async () => {
      try {
        for await (const { entries } of this.engine.stream(AuditFollowStream, {}, { signal: stop.signal, timeoutMs: 0 })) {
          watching();
          if (!this.panel.isOpen) break;
          if (entries.length === 0) continue;
          this.followed = [...this.followed, ...entries].slice(-FOLLOWED_KEPT);
          this.panel.send((messenger) => messenger.notify(AuditViewEntriesNotification, { entries }));
        }
      } catch {
        /* the engine stopped or restarted: the next open follows again */
      } finally {
        stop.abort();
        watching();
        if (this.followStop === stop) {
          this.following = undefined;
          this.followStop = undefined;
        }
      }
    })();
    return up;
  }

  dispose(): void {
    this.disposed = true;
    this.followStop?.abort();
    this.panel.dispose();
  }
}

export function registerAuditViews(engine: EngineHost, extensionUri: vscode.Uri, log: vscode.LogOutputChannel): vscode.Disposable[] {
  const controller = new AuditController(engine, extensionUri, log);
  return [controller, vscode.commands.registerCommand('metahuman.openAudit', () => controller.open())];
}
