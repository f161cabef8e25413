import * as assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { SETTINGS } from '../../src/core/settings/settingsTable';
import { activateMetaHuman, eventually } from './hostApi';

suite('Settings', () => {
  test('VS Code sees every setting of the table with its default', () => {
    const config = vscode.workspace.getConfiguration('metahuman');
    for (const spec of Object.values(SETTINGS)) {
      assert.deepEqual(config.inspect(spec.key)?.defaultValue, spec.default, `metahuman.${spec.key}`);
    }
  });

  test('changing metahuman.profilePath moves the engine to the new folder', async () => {
    const api = await activateMetaHuman();
    const folder = mkdtempSync(join(tmpdir(), 'mh-host-profile-'));
    const config = vscode.workspace.getConfiguration('metahuman');
    await config.update('profilePath', folder, vscode.ConfigurationTarget.Global);
    try {
      await eventually(() => api.getStatus(), (s) => s.profilePath === folder, 'the engine on the new profile');
    } finally {
      await config.update('profilePath', undefined, vscode.ConfigurationTarget.Global);
    }
    await eventually(() => api.getStatus(), (s) => s.profilePath === process.env.MH_PROFILE, 'the engine back on MH_PROFILE');
  });
});
