import * as vscode from 'vscode';

/** The autonomy switch in the status bar: how many proposals wait, or that autonomy is paused. Click offers the approvals and the switch. */
export class AutonomyStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('metahuman.autonomy', vscode.StatusBarAlignment.Right, 99);

  constructor() {
    this.item.name = 'MetaHuman Autonomy';
    this.item.command = 'metahuman.autonomyMenu';
  }

  /** `suggested`: the twin's suggestions (trust `suggest`) the person has not done or dismissed yet. */
  update(pending: number, paused: boolean, suggested = 0, policyError?: string): void {
    void vscode.commands.executeCommand('setContext', 'metahuman.autonomyPaused', paused);
    if (policyError && !paused) {
      const counts = pending > 0 ? ` · ${pending} to approve` : '';
      this.item.text = `$(warning) Policy broken: all ask${counts}`;
      this.item.tooltip = `policy.json could not be used, so every action asks you first: ${policyError} Click for approvals and the pause switch.`;
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
    } else if (paused) {
      this.item.text = '$(debug-pause) Autonomy paused';
      this.item.tooltip = 'MetaHuman takes no actions on its own until you resume. Click for approvals and the switch.';
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    } else {
      const counts = [pending > 0 ? `${pending} to approve` : '', suggested > 0 ? `${suggested} suggested` : ''].filter(Boolean);
      this.item.text = counts.length > 0 ? `$(shield) ${counts.join(' · ')}` : '$(shield)';
      const waiting = [
        pending > 0 ? `${pending} proposal${pending === 1 ? '' : 's'} wait${pending === 1 ? 's' : ''} for your approval.` : '',
        suggested > 0 ? `${suggested} suggestion${suggested === 1 ? '' : 's'} from your twin wait${suggested === 1 ? 's' : ''} for you to do or dismiss.` : '',
      ].filter(Boolean);
      this.item.tooltip =
        waiting.length > 0 ? `${waiting.join(' ')} Click for approvals and the pause switch.` : 'MetaHuman acts only within your trust settings. Click for approvals and the pause switch.';
      this.item.backgroundColor = undefined;
    }
    this.item.accessibilityInformation = {
      label: paused ? 'MetaHuman autonomy paused' : `MetaHuman autonomy on${policyError ? ', policy broken so everything asks' : ''}, ${pending} pending approvals, ${suggested} suggestions`,
    };
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
