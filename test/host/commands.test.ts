import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DiagnosticCheck, EngineStatus } from '../../src/protocol/engineProtocol';
import { activateMetaHuman, extensionId } from './hostApi';

interface ContributedCommand {
  command: string;
  title: string;
  category?: string;
}

suite('Commands', () => {
  suiteSetup(async () => {
    await activateMetaHuman();
  });

  test('every contributed command is registered and filed under "MetaHuman"', async () => {
    const manifest = vscode.extensions.getExtension(extensionId)?.packageJSON as { contributes: { commands: ContributedCommand[] } };
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const c of manifest.contributes.commands) {
      assert.ok(registered.has(c.command), `${c.command} registered`);
      assert.equal(c.category, 'MetaHuman', `${c.command} category`);
    }
  });

  test('"Show Status" returns the engine status of the running worker', async () => {
    const status = await vscode.commands.executeCommand<EngineStatus | undefined>('metahuman.showStatus');
    assert.ok(status, 'a status');
    assert.equal(status.profilePath, process.env.MH_PROFILE);
  });

  test('"Run Diagnostics" streams every check and all pass on a writable profile', async () => {
    const checks = await vscode.commands.executeCommand<DiagnosticCheck[]>('metahuman.runDiagnostics');
    assert.deepEqual(checks.map((c) => c.check), ['Runtime', 'Profile folder', 'Profile writable', 'Disk space', 'Models']);
    const failed = checks.filter((c) => c.outcome === 'fail');
    assert.deepEqual(failed, [], 'no failing check');
  });

  test('"Restart Engine" leaves a working engine behind', async () => {
    const api = await activateMetaHuman();
    await vscode.commands.executeCommand('metahuman.restartEngine');
    const status = await api.getStatus();
    assert.equal(status.profilePath, process.env.MH_PROFILE);
  });
});
