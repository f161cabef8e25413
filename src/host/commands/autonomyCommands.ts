import * as vscode from 'vscode';
import type { AgentsController } from '../agents/agentsController';
import type { ProposalView } from '../../protocol/decisionsProtocol';
import type { DecisionsController } from '../decisions/decisionsController';

/** Palette commands for agents, approvals and the autonomy switch. */
export function registerAutonomyCommands(agents: AgentsController, decisions: DecisionsController): vscode.Disposable[] {
  const idArg = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
  return [
    vscode.commands.registerCommand('metahuman.runAgent', (agent?: unknown) => agents.run(idArg(agent) as Parameters<AgentsController['run']>[0])),
    vscode.commands.registerCommand('metahuman.showAgents', () => agents.view.reveal()),
    vscode.commands.registerCommand('metahuman.pauseAgents', () => agents.setPaused(true)),
    vscode.commands.registerCommand('metahuman.resumeAgents', () => agents.setPaused(false)),
    vscode.commands.registerCommand('metahuman.showApprovals', (id?: unknown) => decisions.show(idArg(id))),
    vscode.commands.registerCommand('metahuman.approveProposal', async (id?: unknown) => {
      const chosen = idArg(id) ?? (await pickPending(decisions, 'Approve which proposal?'));
      if (chosen) await decisions.approve(chosen);
    }),
    // A reason given (a keybinding, a script) skips the question.
    vscode.commands.registerCommand('metahuman.rejectProposal', async (id?: unknown, reason?: unknown) => {
      const chosen = idArg(id) ?? (await pickPending(decisions, 'Reject which proposal?'));
      if (chosen) await decisions.reject(chosen, typeof reason === 'string' ? reason : undefined);
    }),
    vscode.commands.registerCommand('metahuman.acceptSuggestion', async (id?: unknown) => {
      const chosen = idArg(id) ?? (await pickSuggested(decisions, 'Do which suggested action?'));
      if (chosen) await decisions.accept(chosen);
    }),
    vscode.commands.registerCommand('metahuman.dismissSuggestion', async (id?: unknown, reason?: unknown) => {
      const chosen = idArg(id) ?? (await pickSuggested(decisions, 'Dismiss which suggestion?'));
      if (chosen) await decisions.dismiss(chosen, typeof reason === 'string' ? reason : undefined);
    }),
    vscode.commands.registerCommand('metahuman.pauseAutonomy', () => decisions.setPaused(true)),
    vscode.commands.registerCommand('metahuman.resumeAutonomy', () => decisions.setPaused(false)),
    vscode.commands.registerCommand('metahuman.toggleAutonomy', () => decisions.togglePaused()),
    vscode.commands.registerCommand('metahuman.toggleDryRun', async () => {
      const current = vscode.workspace.getConfiguration('metahuman').get<boolean>('decisions.dryRun') ?? false;
      await decisions.setDryRun(!current);
      void vscode.window.showInformationMessage(!current ? 'MetaHuman: dry-run on — actions are only previewed.' : 'MetaHuman: dry-run off — approved actions are performed.');
    }),
    vscode.commands.registerCommand('metahuman.autonomyMenu', async () => {
      const state = await decisions.refresh().catch(() => undefined);
      const pending = state?.pending.filter((p) => p.status === 'pending').length ?? 0;
      const suggested = state?.recent.filter((p) => p.status === 'suggested').length ?? 0;
      const paused = state?.paused ?? false;
      const waiting = [pending ? `${pending} pending` : '', suggested ? `${suggested} suggested` : ''].filter(Boolean).join(', ');
      const items = [
        { label: `$(checklist) Show Approvals${waiting ? ` (${waiting})` : ''}`, run: () => decisions.show() },
        paused ? { label: '$(play) Resume Autonomy', run: () => decisions.setPaused(false) } : { label: '$(debug-pause) Pause All Autonomy', run: () => decisions.setPaused(true) },
        { label: '$(beaker) Toggle Dry-Run', run: () => vscode.commands.executeCommand('metahuman.toggleDryRun') },
      ];
      const picked = await vscode.window.showQuickPick(items, { title: 'MetaHuman autonomy' });
      await picked?.run();
    }),
  ];
}

async function pickPending(decisions: DecisionsController, title: string): Promise<string | undefined> {
  const state = await decisions.refresh();
  return pick(state.pending.filter((p) => p.status === 'pending'), title, 'MetaHuman: nothing is waiting for your approval.');
}

async function pickSuggested(decisions: DecisionsController, title: string): Promise<string | undefined> {
  const state = await decisions.refresh();
  const byId = new Map([...state.pending, ...state.recent].filter((p) => p.status === 'suggested').map((p) => [p.id, p]));
  return pick([...byId.values()], title, 'MetaHuman: your twin has no suggestions waiting.');
}

async function pick(proposals: ProposalView[], title: string, none: string): Promise<string | undefined> {
  if (proposals.length === 0) {
    void vscode.window.showInformationMessage(none);
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    proposals.map((p) => ({ label: p.preview?.summary ?? p.skillTitle, description: p.source, detail: p.reason, id: p.id })),
    { title },
  );
  return picked?.id;
}
