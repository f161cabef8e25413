import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { MemoryListResult, MemoryValidateResult } from '../../src/protocol/memoryViewProtocol';
import { activateMetaHuman, eventually } from './hostApi';

function memoryPanelOpen(): boolean {
  return vscode.window.tabGroups.all.some((group) => group.tabs.some((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('metahuman.memoryPanel')));
}

suite('Memory panel', () => {
  suiteSetup(async () => {
    await activateMetaHuman();
  });

  test('"Open Memory" opens the Memory panel; marking a memory wrong flags it in search at once', async () => {
    const id = await vscode.commands.executeCommand<string>('metahuman.addNote', 'Parked the blue bicycle behind the library');
    await vscode.commands.executeCommand('metahuman.openMemory');
    await eventually(() => Promise.resolve(memoryPanelOpen()), Boolean, 'the Memory panel tab');

    const before = await vscode.commands.executeCommand<MemoryListResult>('metahuman.listMemories', { query: 'blue bicycle library' });
    assert.equal(before.items[0]?.id, id);
    assert.equal(before.items[0]?.validated, undefined, 'not reviewed yet');

    const result = await vscode.commands.executeCommand<MemoryValidateResult>('metahuman.validateMemory', [id], { op: 'mark_wrong', reason: 'it was the red one' });
    assert.deepEqual(result.results, [{ id, ok: true }]);
    const after = await vscode.commands.executeCommand<MemoryListResult>('metahuman.listMemories', { query: 'blue bicycle library' });
    assert.equal(after.items.find((i) => i.id === id)?.validated, false, 'flagged wrong in the search right after');
  });

  test('"Open Memory" with an id still opens the memory as a document (chat citations)', async () => {
    const id = await vscode.commands.executeCommand<string>('metahuman.addNote', 'The offsite is in the harbour warehouse');
    const text = await vscode.commands.executeCommand<string>('metahuman.openMemory', id);
    assert.match(text, /The offsite is in the harbour warehouse/);
  });
});
