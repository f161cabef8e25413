import * as vscode from 'vscode';
import {
  DecisionsAcceptRequest,
  DecisionsActedAloneNotification,
  DecisionsApproveRequest,
  DecisionsChangedNotification,
  DecisionsDismissRequest,
  DecisionsPauseRequest,
  DecisionsPendingNotification,
  DecisionsRejectRequest,
  DecisionsSetTrustRequest,
  DecisionsStateRequest,
  DecisionsUndoRequest,
  type DecisionsState,
  type ProposalView,
} from '../../protocol/decisionsProtocol';
import { ApprovalsDryRunCommand, ApprovalsFocusNotification, ApprovalsViewStateNotification, type ApprovalsViewState } from '../../protocol/approvalsViewProtocol';
import type { Messenger } from '../../protocol/messenger';
import type { EngineHost } from '../engine/engineHost';
import { WebviewViewHost } from '../webviews/webviewViewHost';
import { AutonomyStatusBar } from './autonomyStatusBar';
import { actedAloneHeadline, outcomeMessage, policyErrorMessage, proposalChoices, proposalHeadline, suggestionHeadline, undoMessage } from './proposalText';
import { registerHostSkillPorts } from './hostSkillPorts';
import { ShellTerminal } from './shellTerminal';

/**
 * Proposals in the editor: a notification for each that needs the person (Approve / Reject /
 * Details for a proposal; Do It / Dismiss / Details for a suggestion), a notice after a bounded
 * skill acted alone (Undo / Details), the approvals view, the autonomy switch in the status bar, and the skills' editor ports.
 * Every choice goes to the engine, which re-checks and audits it; nothing is decided here.
 */
export class DecisionsController implements vscode.Disposable {
  static readonly viewId = 'metahuman.approvals';
  private state: DecisionsState | undefined;
  private error: string | undefined;
  /** Proposals a notification is showing for, so a second engine notice does not stack a second one. */
  private readonly notified = new Set<string>();
  readonly view: WebviewViewHost<ApprovalsViewState>;
  private readonly statusBar = new AutonomyStatusBar();
  /** Where the commands the twin runs show, live. */
  private readonly shellTerminal = new ShellTerminal();
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  /** The approval queue changed (a proposal made, decided, run or expired, here or in another process). */
  readonly onDidChange = this.changeEmitter.event;
  /** Suggestions waiting, as of the last state read (the engine's change notice counts only pending). */
  private suggested = 0;
  /** The broken-policy error the person was last told about, so each distinct one is shown once. */
  private toldPolicyError: string | undefined;

  constructor(
    private readonly engine: EngineHost,
    extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    /** Where the profile's policy.json is, for "Open policy.json" when it is broken. */
    private readonly policyFile: () => vscode.Uri,
  ) {
    this.view = new WebviewViewHost<ApprovalsViewState>(
      extensionUri,
      {
        viewId: DecisionsController.viewId,
        bundle: 'approvals',
        rootElement: 'mh-approvals-app',
        title: 'MetaHuman Approvals',
        snapshot: () => ({ ...(this.state ? { state: this.state } : {}), ...(this.error ? { error: this.error } : {}) }),
        push: (messenger, state) => messenger.notify(ApprovalsViewStateNotification, state),
        wire: (messenger) => {
          messenger.onRequest(DecisionsStateRequest, () => this.refresh());
          messenger.onRequest(DecisionsApproveRequest, (params) => this.settle(this.engine.request(DecisionsApproveRequest, params, { timeoutMs: 0 })));
          messenger.onRequest(DecisionsRejectRequest, (params) => this.settle(this.engine.request(DecisionsRejectRequest, params)));
          messenger.onRequest(DecisionsAcceptRequest, (params) => this.settle(this.engine.request(DecisionsAcceptRequest, params, { timeoutMs: 0 })));
          messenger.onRequest(DecisionsDismissRequest, (params) => this.settle(this.engine.request(DecisionsDismissRequest, params)));
          messenger.onRequest(DecisionsUndoRequest, (params) => this.settle(this.engine.request(DecisionsUndoRequest, params)));
          messenger.onRequest(DecisionsPauseRequest, (params) => this.settle(this.engine.request(DecisionsPauseRequest, params)));
          messenger.onRequest(DecisionsSetTrustRequest, (params) => this.settle(this.engine.request(DecisionsSetTrustRequest, params)));
          messenger.onCommand(ApprovalsDryRunCommand, ({ dryRun }) => void this.setDryRun(dryRun));
        },
        onReady: () => void this.refresh().catch(() => undefined),
      },
      log,
    );
  }

  /** Wires a (re)started engine: its notices, and the editor ports its skills use. */
  attach(messenger: Messenger): void {
    registerHostSkillPorts(messenger);
    this.shellTerminal.attach(messenger);
    messenger.onNotification(DecisionsPendingNotification, (proposal) => void (proposal.status === 'suggested' ? this.offer(proposal) : this.ask(proposal)));
    messenger.onNotification(DecisionsActedAloneNotification, (proposal) => void this.tell(proposal));
    messenger.onNotification(DecisionsChangedNotification, ({ pending, paused }) => {
      this.statusBar.update(pending, paused, this.suggested, this.state?.policyError);
      this.changeEmitter.fire();
      void this.refresh().catch(() => undefined);
    });
  }

  async refresh(): Promise<DecisionsState> {
    try {
      this.state = await this.engine.request(DecisionsStateRequest, {});
      this.error = undefined;
      const waiting = waitingOnPerson(this.state);
      this.suggested = waiting.suggested;
      this.statusBar.update(waiting.pending, this.state.paused, waiting.suggested, this.state.policyError);
      this.tellPolicyError(this.state.policyError);
      return this.state;
    } catch (error) {
      this.error = `Approvals are not available: ${error instanceof Error ? error.message : String(error)}`;
      throw error;
    } finally {
      this.view.refresh();
    }
  }

  /** The notification for one proposal: Approve runs it (the engine re-checks first), Reject asks why, Details opens the view. */
  private async ask(proposal: ProposalView): Promise<void> {
    if (proposal.status !== 'pending' || this.notified.has(proposal.id)) return;
    this.notified.add(proposal.id);
    try {
      const choice = await vscode.window.showWarningMessage(proposalHeadline(proposal), ...proposalChoices(proposal));
      if (choice === 'Approve') await this.approve(proposal.id);
      else if (choice === 'Reject') await this.reject(proposal.id);
      else if (choice === 'Details') await this.show(proposal.id);
    } finally {
      this.notified.delete(proposal.id);
    }
  }

  /** A broken policy.json is said once per distinct error: everything asks until it is fixed. */
  private tellPolicyError(error: string | undefined): void {
    if (error === this.toldPolicyError) return;
    this.toldPolicyError = error;
    if (!error) return;
    this.log.warn(`[approvals] policy.json cannot be used: ${error}`);
    void vscode.window.showErrorMessage(policyErrorMessage(error), 'Open policy.json', 'Show Approvals').then(async (choice) => {
      if (choice === 'Open policy.json') await vscode.window.showTextDocument(this.policyFile());
      else if (choice === 'Show Approvals') await this.show();
    });
  }

  /** A suggestion: the twin does nothing; Do It runs it as the person's own request, Dismiss asks why (optional). */
  private async offer(proposal: ProposalView): Promise<void> {
    if (this.notified.has(proposal.id)) return;
    this.notified.add(proposal.id);
    try {
      const choice = await vscode.window.showInformationMessage(suggestionHeadline(proposal), 'Do It', 'Dismiss', 'Details');
      if (choice === 'Do It') await this.accept(proposal.id);
      else if (choice === 'Dismiss') await this.dismiss(proposal.id);
      else if (choice === 'Details') await this.show(proposal.id);
    } finally {
      this.notified.delete(proposal.id);
    }
  }

  /** Told after a bounded skill acted alone within policy: Undo when it can be put back, Details. */
  private async tell(proposal: ProposalView): Promise<void> {
    const choice = await vscode.window.showInformationMessage(actedAloneHeadline(proposal), ...(proposal.undoable ? ['Undo'] : []), 'Details');
    if (choice === 'Undo') await this.undo(proposal.id);
    else if (choice === 'Details') await this.show(proposal.id);
  }

  async undo(id: string): Promise<void> {
    try {
      const result = await this.settle(this.engine.request(DecisionsUndoRequest, { id }));
      if (result.status === 'undone') void vscode.window.showInformationMessage(undoMessage(result));
      else void vscode.window.showErrorMessage(undoMessage(result));
    } catch (error) {
      void vscode.window.showErrorMessage(`MetaHuman could not undo that: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Does a suggested action as the person's own request; the outcome is told like an approval's. */
  async accept(id: string): Promise<void> {
    try {
      this.report(await this.settle(this.engine.request(DecisionsAcceptRequest, { id }, { timeoutMs: 0 })));
    } catch (error) {
      void vscode.window.showErrorMessage(`MetaHuman could not do that: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  async dismiss(id: string, given?: string): Promise<void> {
    const reason =
      given ??
      (await vscode.window.showInputBox({
        title: 'Dismiss the suggestion',
        prompt: 'Why? (optional — the twin learns from it)',
        placeHolder: 'e.g. not now; I do this by hand',
        ignoreFocusOut: true,
      }));
    if (reason === undefined) return; // Escape: the suggestion stays
    try {
      await this.settle(this.engine.request(DecisionsDismissRequest, { id, ...(reason.trim() ? { reason: reason.trim() } : {}) }));
      void vscode.window.showInformationMessage(`MetaHuman: suggestion dismissed.${reason.trim() ? ' The reason is kept with your preferences.' : ''}`);
    } catch (error) {
      void vscode.window.showErrorMessage(`MetaHuman could not dismiss that: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  async approve(id: string): Promise<void> {
    try {
      this.report(await this.settle(this.engine.request(DecisionsApproveRequest, { id }, { timeoutMs: 0 })));
    } catch (error) {
      void vscode.window.showErrorMessage(`MetaHuman could not approve that: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private report(result: ProposalView): void {
    const message = outcomeMessage(result);
    if (result.status === 'failed' || result.status === 'denied') void vscode.window.showErrorMessage(message);
    else void vscode.window.showInformationMessage(message);
  }

  async reject(id: string, given?: string): Promise<void> {
    const reason =
      given ??
      (await vscode.window.showInputBox({
        title: 'Reject the proposal',
        prompt: 'Why? (optional — the twin learns from it)',
        placeHolder: 'e.g. not in this project; ask me on Mondays',
        ignoreFocusOut: true,
      }));
    if (reason === undefined) return; // Escape: the proposal stays pending
    try {
      await this.settle(this.engine.request(DecisionsRejectRequest, { id, ...(reason.trim() ? { reason: reason.trim() } : {}) }));
      void vscode.window.showInformationMessage('MetaHuman: rejected. The reason is kept with your preferences.');
    } catch (error) {
      void vscode.window.showErrorMessage(`MetaHuman could not reject that: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  async show(id?: string): Promise<void> {
    await this.view.reveal(id ? (m) => m.notify(ApprovalsFocusNotification, { id }) : undefined);
  }

  async setPaused(paused: boolean): Promise<void> {
    const result = await this.settle(this.engine.request(DecisionsPauseRequest, { paused }));
    const cancelled = result.cancelled > 0 ? ` ${result.cancelled} pending proposal${result.cancelled === 1 ? ' was' : 's were'} cancelled.` : '';
    void vscode.window.showInformationMessage(paused ? `MetaHuman: all autonomy is paused.${cancelled}` : 'MetaHuman: autonomy resumed within your trust settings.');
  }

  async togglePaused(): Promise<void> {
    const state = this.state ?? (await this.refresh().catch(() => undefined));
    await this.setPaused(!(state?.paused ?? false));
  }

  async setDryRun(dryRun: boolean): Promise<void> {
    await vscode.workspace.getConfiguration('metahuman').update('decisions.dryRun', dryRun, vscode.ConfigurationTarget.Global);
  }

  /** Any answer from the engine refreshes the view and the status bar. */
  private async settle<T>(work: Promise<T>): Promise<T> {
    try {
      return await work;
    } finally {
      void this.refresh().catch((error: unknown) => this.log.warn(`[approvals] ${error instanceof Error ? error.message : String(error)}`));
    }
  }

  dispose(): void {
    this.view.dispose();
    this.statusBar.dispose();
    this.shellTerminal.dispose();
    this.changeEmitter.dispose();
  }
}

/**
 * What waits for the person, counted by kind. Suggestions are looked for in both lists, so the
 * count holds whichever list the engine keeps them in.
 */
function waitingOnPerson(state: DecisionsState): { pending: number; suggested: number } {
  const suggested = new Set([...state.pending, ...state.recent].filter((p) => p.status === 'suggested').map((p) => p.id));
  return { pending: state.pending.filter((p) => p.status === 'pending').length, suggested: suggested.size };
}
