import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TaskView } from '../../src/protocol/tasksProtocol';
import type { TasksViewState } from '../../src/protocol/tasksViewProtocol';
import { activateMetaHuman, eventually } from './hostApi';

const showTasks = async (): Promise<TasksViewState> => vscode.commands.executeCommand<TasksViewState>('metahuman.showTasks');

suite('Tasks', () => {
  test('Show Tasks opens the view; a task added and completed through the view\'s engine requests shows as done', async () => {
    await activateMetaHuman();
    const opened = await showTasks();
    assert.equal(opened.error, undefined, `the view has its tasks: ${String(opened.error)}`);
    const added = await vscode.commands.executeCommand<TaskView>('metahuman.addTask', 'Renew the TLS certificate');
    assert.equal(added.status, 'open');
    const done = await vscode.commands.executeCommand<TaskView>('metahuman.completeTask', added.id);
    assert.equal(done.status, 'done');
    const shown = await showTasks();
    assert.equal(shown.state?.tasks.find((t) => t.id === added.id)?.status, 'done');
  });

  test("a twin's task proposal appears as proposed, not as a task", async () => {
    const api = await activateMetaHuman();
    await api.decisions.setTrust({ skill: 'task', level: 'supervised' });
    const proposal = await api.decisions.propose({ skill: 'task', args: { action: 'create', title: 'Call the plumber about the leak' }, source: 'agent:reflector', reason: 'You wrote "remind me to call the plumber".' });
    assert.equal(proposal.status, 'pending');
    const shown = await eventually(showTasks, (s) => (s.state?.proposals ?? []).some((p) => p.id === proposal.id), 'the proposal in the tasks view');
    const listed = shown.state?.proposals.find((p) => p.id === proposal.id);
    assert.equal(listed?.title, 'Call the plumber about the leak');
    assert.equal(listed?.source, 'agent:reflector');
    assert.ok(!shown.state?.tasks.some((t) => t.title === 'Call the plumber about the leak'), 'it is not a task until approved');
    await vscode.commands.executeCommand('metahuman.rejectProposal', proposal.id, 'not needed');
  });
});
