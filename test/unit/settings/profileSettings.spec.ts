import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { setTimeout as pause } from 'node:timers/promises';
import { EngineServices } from '../../../src/core/engine/engineServices';
import { openProfileStore } from '../../../src/core/profile/profileStore';
import { PROFILE_SETTINGS_FILE, readProfileSettings, writeProfileSettings } from '../../../src/core/settings/profileSettings';
import { defaultSettings } from '../../../src/core/settings/settingsTable';
import { runMh } from '../cli/runMh';
import { tempDirsForSuite } from '../store/storeFixtures';

const NOW = new Date('2026-03-04T10:00:00Z');

describe('the editor settings mirrored in the profile for mh', () => {
  const makeDir = tempDirsForSuite();

  it('what VS Code saves, mh reads back; the profile folder itself is left out', async () => {
    const dir = makeDir('mirror');
    const store = await openProfileStore(dir, { actor: 'test' });
    try {
      const chosen = { ...defaultSettings(), profilePath: '/home/ana/.metahuman', llmProvider: 'ollama', decisionsDryRun: true, captureExcludeGlobs: ['**/secrets/**'] };
      assert.equal(writeProfileSettings(store.files, chosen, 'vscode', NOW), true);
      const text = readFileSync(join(dir, PROFILE_SETTINGS_FILE), 'utf8');
      assert.doesNotMatch(text, /\.metahuman/, 'the machine-specific folder is not copied');
      const read = readProfileSettings(dir);
      assert.deepEqual(read.from, { writtenBy: 'vscode', at: NOW.toISOString() });
      assert.equal(read.problem, undefined);
      assert.deepEqual(read.values, { ...chosen, profilePath: '' });
      assert.equal(writeProfileSettings(store.files, chosen, 'vscode', new Date(NOW.getTime() + 60_000)), false, 'the same values are not written again by every window');
    } finally {
      await store.close();
    }
  });

  it('without a mirror mh uses the defaults, and says nothing', () => {
    const read = readProfileSettings(makeDir('none'));
    assert.deepEqual(read, { values: defaultSettings() });
  });

  it('a broken mirror gives the defaults and a problem naming the file; a wrong value gives that setting its default', () => {
    const dir = makeDir('broken');
    writeFileSync(join(dir, PROFILE_SETTINGS_FILE), '{"values": {"llm.provider": "ollama"');
    const broken = readProfileSettings(dir);
    assert.deepEqual(broken.values, defaultSettings());
    assert.match(broken.problem ?? '', new RegExp(`${PROFILE_SETTINGS_FILE} is not a settings file MetaHuman wrote`));

    writeFileSync(join(dir, PROFILE_SETTINGS_FILE), JSON.stringify({ writtenBy: 'vscode', at: NOW.toISOString(), values: { 'llm.provider': 'skynet', 'decisions.suggestTrustAfter': 0, 'agents.boredomMaxPerDay': 'many', 'decisions.dryRun': true } }));
    const partly = readProfileSettings(dir);
    assert.equal(partly.problem, undefined);
    assert.equal(partly.values.llmProvider, defaultSettings().llmProvider, 'not one of the providers');
    assert.equal(partly.values.decisionsSuggestTrustAfter, defaultSettings().decisionsSuggestTrustAfter, 'below its minimum');
    assert.equal(partly.values.agentsBoredomMaxPerDay, defaultSettings().agentsBoredomMaxPerDay, 'not a number');
    assert.equal(partly.values.decisionsDryRun, true, 'the valid one is kept');
  });

  it('mh follows it: with dry-run on in the editor, a proposal from mh is a dry run; a broken mirror is a warning, not a failure', async () => {
    const profile = makeDir('mh-profile');
    const workspace = makeDir('mh-workspace');
    const store = await openProfileStore(profile, { actor: 'test' });
    writeProfileSettings(store.files, { ...defaultSettings(), decisionsDryRun: true }, 'vscode', NOW);
    await store.close();
    const mh = (...args: string[]) => runMh(['--profile', profile, ...args], { cwd: workspace });
    const proposed = await mh('approvals', 'propose', 'write-file', '--args', JSON.stringify({ path: 'notes.md', content: 'x\n' }), '--reason', 'r', '--json');
    assert.equal(proposed.code, 0, proposed.err);
    assert.equal((JSON.parse(proposed.out) as { dryRun: boolean }).dryRun, true);
    assert.match((await mh('status')).out, new RegExp(`^settings: as vscode saved them ${NOW.toISOString()}$`, 'm'));

    writeFileSync(join(profile, PROFILE_SETTINGS_FILE), 'not json');
    const status = await mh('approvals', 'list');
    assert.equal(status.code, 0, status.err);
    assert.match(status.err, /^warning: .*settings\.json is not a settings file MetaHuman wrote.*using the default settings/m);
  });

  it('the editor engine saves the mirror when it opens the profile; an mh engine does not', async () => {
    const editor = makeDir('engine-vscode');
    const cli = makeDir('engine-cli');
    for (const [dir, actor] of [[editor, 'vscode'], [cli, 'cli']] as const) {
      const engine = new EngineServices({ profilePath: dir, values: { ...defaultSettings(), agentsEnabled: false, decisionsApprovalExpiryHours: 12 }, actor }, { log: () => undefined, onIndexProgress: () => undefined, onMemoryChanged: () => undefined });
      await engine.openStore();
      for (let i = 0; i < 50 && actor === 'vscode' && !existsSync(join(dir, PROFILE_SETTINGS_FILE)); i++) await pause(20);
      await engine.close();
    }
    assert.equal(readProfileSettings(editor).values.decisionsApprovalExpiryHours, 12);
    assert.ok(statSync(join(editor, PROFILE_SETTINGS_FILE)).size > 0);
    assert.equal(existsSync(join(cli, PROFILE_SETTINGS_FILE)), false);
  });
});
