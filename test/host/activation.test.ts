import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateMetaHuman, extensionId } from './hostApi';

suite('Activation', () => {
  test('MetaHuman is installed, activates on demand and reports its activation time', async () => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension, 'extension present');
    const api = await activateMetaHuman();
    assert.equal(extension.isActive, true);
    assert.ok(Number.isFinite(api.activationMs) && api.activationMs >= 0, `activationMs ${api.activationMs}`);
  });

  test('the engine worker answers with the extension version and the profile from MH_PROFILE', async () => {
    const api = await activateMetaHuman();
    const status = await api.getStatus();
    const manifest = vscode.extensions.getExtension(extensionId)?.packageJSON as { version: string };
    assert.equal(status.version, manifest.version);
    assert.equal(status.profilePath, process.env.MH_PROFILE);
    assert.match(status.runtime, /^node \d+\./);
  });

  test('activation events never include "*"', () => {
    const manifest = vscode.extensions.getExtension(extensionId)?.packageJSON as { activationEvents: string[] };
    assert.ok(!manifest.activationEvents.includes('*'));
  });
});
