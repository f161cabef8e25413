import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ModelsViewState } from '../../src/protocol/modelsViewProtocol';
import { activateMetaHuman } from './hostApi';

const role = (state: ModelsViewState, name: string) => state.status?.roles.find((r) => r.role === name);

suite('Models', () => {
  suiteSetup(async () => {
    await activateMetaHuman();
  });

  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('metahuman').update('llm.reflectionModel', undefined, vscode.ConfigurationTarget.Global);
  });

  test('Show Models opens the view, which says the default settings are offline and each background role uses the chat model', async () => {
    const state = await vscode.commands.executeCommand<ModelsViewState>('metahuman.showModels');
    assert.equal(state.error, undefined);
    assert.equal(state.status?.provider, 'offline');
    assert.equal(state.status?.endpoint, undefined, 'offline has no address');
    assert.deepEqual(
      state.status?.roles.filter((r) => r.inherits).map((r) => r.role),
      ['reflection', 'dreaming', 'organizing'],
    );
    assert.deepEqual(state.editableRoles, ['reflection', 'dreaming', 'organizing'], 'offline: no chat model to set');
  });

  test('Test connection with the default offline settings contacts nothing and reports offline mode', async () => {
    const state = await vscode.commands.executeCommand<ModelsViewState>('metahuman.models.testConnection');
    assert.equal(state.testing, undefined, 'the test has ended');
    assert.equal(state.test?.provider, 'offline');
    assert.equal(state.test?.contacted, false, 'nothing was contacted');
    assert.equal(state.test?.ok, true);
    assert.match(state.test?.message ?? '', /^Offline mode: no model is contacted\..*MetaHuman: Select Model Provider/);
    assert.deepEqual(state.test?.models, []);
  });

  test("changing a role's model through the view's handler writes the setting, and the view shows it after the engine restarts", async () => {
    const state = await vscode.commands.executeCommand<ModelsViewState>('metahuman.models.setRoleModel', 'reflection', 'qwen2.5:0.5b');
    assert.equal(vscode.workspace.getConfiguration('metahuman').get('llm.reflectionModel'), 'qwen2.5:0.5b');
    assert.deepEqual(state.notice, { text: 'Reflection now uses qwen2.5:0.5b (metahuman.llm.reflectionModel). The engine restarts with it.', tone: 'info' });
    assert.deepEqual(role(state, 'reflection'), { role: 'reflection', setting: 'metahuman.llm.reflectionModel', model: 'qwen2.5:0.5b', inherits: false });

    const cleared = await vscode.commands.executeCommand<ModelsViewState>('metahuman.models.setRoleModel', 'reflection', '');
    assert.equal(vscode.workspace.getConfiguration('metahuman').get('llm.reflectionModel'), '');
    assert.equal(role(cleared, 'reflection')?.inherits, true, 'empty: uses the chat model again');
  });

  test('a change the view may not make is refused with the reason and leaves the settings alone', async () => {
    const state = await vscode.commands.executeCommand<ModelsViewState>('metahuman.models.setRoleModel', 'chat', 'llama3.2');
    assert.equal(state.notice?.tone, 'error');
    assert.match(state.notice?.text ?? '', /chosen by the provider "offline"/);
    assert.equal(vscode.workspace.getConfiguration('metahuman').get('llm.provider'), 'offline');
  });
});
