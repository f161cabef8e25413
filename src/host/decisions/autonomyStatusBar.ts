import * as vscode from 'vscode';

/** The autonomy switch in the status bar: how many proposals wait, or that autonomy is paused. Click offers the approvals and the switch. */
export class AutonomyStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('metahuman.autonomy', vscode.StatusBarAlignment.Right, 99);

  constructor() {
    this.item.name = 'MetaHuman Autonomy';
    this.item.command = 'metahuman.autonomyMenu';
  }

  update(pending: number, paused: boolean): void {
    void vscode.commands.executeCommand('setContext', 'metahuman.autonomyPaused', paused);
    if (paused) {
      this.item.text = '$(debug-pause) Autonomy paused';
      this.item.tooltip = 'MetaHuman takes no actions on its own until you resume. Click for approvals and the switch.';
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    } else {
      this.item.text = pending > 0 ? `$(shield) ${pending} to approve` : '$(shield)';
      this.item.tooltip = pending > 0 ? `${pending} proposal${pending === 1 ? '' : 's'} wait for your approval. Click for approvals and the pause switch.` : 'MetaHuman acts only within your trust settings. Click for approvals and the pause switch.';
      this.item.backgroundColor = undefined;
    }
    this.item.accessibilityInformation = { label: paused ? 'MetaHuman autonomy paused' : `MetaHuman autonomy on, ${pending} pending approvals` };
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
