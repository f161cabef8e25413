import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { activateMetaHuman, eventually } from './hostApi';

suite('Shell skill in the editor', () => {
  const workspace = mkdtempSync(join(tmpdir(), 'mh-host-shell-'));

  test('an approved shell command runs and shows in the "MetaHuman: shell" terminal', async () => {
    const api = await activateMetaHuman();
    const proposal = await api.decisions.propose({ skill: 'shell', args: { command: 'echo shown > shown.txt' }, source: 'agent:reflector', reason: 'check the terminal', workspace });
    assert.equal(proposal.status, 'pending', 'a shell command waits for the person on a new profile');
    assert.equal(vscode.window.terminals.some((t) => t.name === 'MetaHuman: shell'), false, 'nothing shown before approval');
    await vscode.commands.executeCommand('metahuman.approveProposal', proposal.id);
    const done = (await api.decisions.state()).recent.find((p) => p.id === proposal.id);
    assert.equal(done?.status, 'executed');
    assert.ok(existsSync(join(workspace, 'shown.txt')), 'the command ran in the workspace');
    const terminal = await eventually(
      async () => vscode.window.terminals.find((t) => t.name === 'MetaHuman: shell'),
      (t) => t !== undefined,
      'the MetaHuman: shell terminal',
    );
    terminal?.dispose();
  });
});
