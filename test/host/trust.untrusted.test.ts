import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { EngineStatus } from '../../src/protocol/engineProtocol';
import { activateMetaHuman } from './hostApi';

suite('Untrusted workspace', () => {
  test('the workspace really is untrusted in this run', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  test('MetaHuman still runs (limited support): status works, capture is off', async () => {
    const api = await activateMetaHuman();
    assert.equal((await api.getStatus()).profilePath, process.env.MH_PROFILE);
    const status = await vscode.commands.executeCommand<EngineStatus | undefined>('metahuman.showStatus');
    assert.ok(status);
  });
});
