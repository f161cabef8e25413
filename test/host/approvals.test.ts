import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { activateMetaHuman, eventually } from './hostApi';

suite('Approvals', () => {
  const workspace = mkdtempSync(join(tmpdir(), 'mh-host-approvals-'));

  test('a proposal with side effects waits for the person; approving runs it and the approvals state shows it executed', async () => {
    const api = await activateMetaHuman();
    const proposal = await api.decisions.propose({
      skill: 'write-file',
      args: { path: 'notes/standup.md', content: '- ship the tokenizer\n' },
      source: 'agent:reflector',
      reason: 'you said you would note the stand-up items',
      workspace,
    });
    assert.equal(proposal.status, 'pending', 'nothing with side effects runs unapproved on a new profile');
    assert.match(proposal.preview?.details ?? '', /\+- ship the tokenizer/, 'the preview is the diff');
    assert.equal(existsSync(join(workspace, 'notes', 'standup.md')), false, 'nothing written before approval');
    assert.ok((await api.decisions.state()).pending.some((p) => p.id === proposal.id));

    await vscode.commands.executeCommand('metahuman.approveProposal', proposal.id);
    assert.equal(readFileSync(join(workspace, 'notes', 'standup.md'), 'utf8'), '- ship the tokenizer\n');
    const state = await api.decisions.state();
    const done = state.recent.find((p) => p.id === proposal.id);
    assert.equal(done?.status, 'executed');
    assert.equal(done?.undoable, true, 'the write can be undone');
  });

  test('rejecting records the reason with the proposal', async () => {
    const api = await activateMetaHuman();
    const proposal = await api.decisions.propose({ skill: 'notify', args: { message: 'Time for a break' }, source: 'chat', reason: 'you asked to be reminded' });
    await vscode.commands.executeCommand('metahuman.rejectProposal', proposal.id, 'not during a release');
    const rejected = (await api.decisions.state()).recent.find((p) => p.id === proposal.id);
    assert.equal(rejected?.status, 'rejected');
    assert.equal(rejected?.rejectReason, 'not during a release');
  });

  test('a path outside the workspace is denied with the reason, and nothing is asked', async () => {
    const api = await activateMetaHuman();
    const proposal = await api.decisions.propose({ skill: 'write-file', args: { path: '../escape.md', content: 'x' }, source: 'chat', reason: 'test', workspace });
    assert.equal(proposal.status, 'denied');
    assert.match(proposal.error ?? '', /outside the workspace|escape/i);
    assert.equal(existsSync(join(workspace, '..', 'escape.md')), false);
  });

  test('pausing all autonomy cancels what is pending and refuses new proposals until resumed', async () => {
    const api = await activateMetaHuman();
    const pending = await api.decisions.propose({ skill: 'notify', args: { message: 'Stretch' }, source: 'agent:boredom', reason: 'idle for an hour' });
    assert.equal(pending.status, 'pending');
    await vscode.commands.executeCommand('metahuman.pauseAutonomy');
    const paused = await eventually(() => api.decisions.state(), (s) => s.paused, 'the switch to show paused');
    assert.equal(paused.recent.find((p) => p.id === pending.id)?.status, 'cancelled');
    const refused = await api.decisions.propose({ skill: 'notify', args: { message: 'Stretch again' }, source: 'agent:boredom', reason: 'still idle' });
    assert.equal(refused.status, 'denied');
    await vscode.commands.executeCommand('metahuman.resumeAutonomy');
    await eventually(() => api.decisions.state(), (s) => !s.paused, 'autonomy to resume');
  });

  test('at trust suggest the twin only suggests: Do Suggested Action runs it as the person\'s own request, Dismiss Suggestion keeps the reason', async () => {
    const api = await activateMetaHuman();
    const before = (await api.decisions.state()).skills.find((s) => s.id === 'notify');
    assert.ok(before, 'the notify skill is installed');
    await api.decisions.setTrust({ skill: 'notify', level: 'suggest' });
    try {
      const suggestion = await api.decisions.propose({ skill: 'notify', args: { message: 'Drink some water' }, source: 'agent:boredom', reason: 'idle for an hour' });
      assert.equal(suggestion.status, 'suggested', 'at suggest nothing runs and nothing asks for approval');
      const waiting = await api.decisions.state();
      assert.ok(waiting.recent.some((p) => p.id === suggestion.id && p.status === 'suggested'), 'the suggestion waits for the person');
      assert.ok(!waiting.pending.some((p) => p.id === suggestion.id), 'it is not an approval');

      await vscode.commands.executeCommand('metahuman.acceptSuggestion', suggestion.id);
      const after = await api.decisions.state();
      const accepted = after.recent.find((p) => p.id === suggestion.id);
      assert.equal(accepted?.status, 'accepted');
      const run = after.recent.find((p) => p.id === accepted?.acceptedAs);
      assert.equal(run?.status, 'executed', "the person's own run was performed");
      assert.equal(run?.source, 'person');
      assert.deepEqual(run?.args, { message: 'Drink some water' });

      const second = await api.decisions.propose({ skill: 'notify', args: { message: 'Stand up' }, source: 'agent:boredom', reason: 'sitting for two hours' });
      assert.equal(second.status, 'suggested');
      await vscode.commands.executeCommand('metahuman.dismissSuggestion', second.id, 'I am in a meeting');
      const dismissed = (await api.decisions.state()).recent.find((p) => p.id === second.id);
      assert.equal(dismissed?.status, 'dismissed');
      assert.equal(dismissed?.rejectReason, 'I am in a meeting');
      assert.equal(dismissed?.acceptedAs, undefined, 'nothing ran');
    } finally {
      await api.decisions.setTrust({ skill: 'notify', level: before.level });
    }
  });
});
