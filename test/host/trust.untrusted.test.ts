import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { EngineStatus } from '../../src/protocol/engineProtocol';
import { activateMetaHuman } from './hostApi';

suite('Untrusted workspace', () => {
  test('the workspace really is untrusted in this run', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  test('MetaHuman still runs (limited support): status works', async () => {
    const api = await activateMetaHuman();
    assert.equal((await api.getStatus()).profilePath, process.env.MH_PROFILE);
    const status = await vscode.commands.executeCommand<EngineStatus | undefined>('metahuman.showStatus');
    assert.ok(status);
  });

  test('editing and saving files captures nothing', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(join(folder, 'src', 'parser.ts')));
    const editor = await vscode.window.showTextDocument(doc);
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), '// untrusted edit\n'));
    await doc.save();
    await vscode.commands.executeCommand('metahuman.flushCapture');
    // Nothing captured: no event file under the profile's episodic memory.
    const episodic = join(process.env.MH_PROFILE ?? '', 'memory', 'episodic');
    const { readdirSync, readFileSync } = await import('node:fs');
    const lines = existsSync(episodic) ? readdirSync(episodic).flatMap((f) => readFileSync(join(episodic, f), 'utf8').split('\n')) : [];
    assert.ok(!lines.some((l) => l.includes('"tags":["capture"')), 'no captured record');
  });
});
