import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { MemorySearchResult } from '../../src/protocol/memoryProtocol';
import { activateMetaHuman } from './hostApi';

suite('Memory commands', () => {
  suiteSetup(async () => {
    await activateMetaHuman();
  });

  test('"Add Note" stores a note under the workspace project and "Search Memory" recalls it', async () => {
    const id = await vscode.commands.executeCommand<string>('metahuman.addNote', 'Switched the lexer to a table-driven state machine');
    assert.match(id, /^[0-9A-HJKMNP-TV-Z]{26}$/, 'a ULID');
    const result = await vscode.commands.executeCommand<MemorySearchResult>('metahuman.searchMemory', 'lexer state machine');
    assert.equal(result.hits[0]?.id, id, JSON.stringify(result.hits.slice(0, 3).map((h) => [h.kind, h.text.slice(0, 80)])));
    assert.equal(result.hits[0]?.project, vscode.workspace.name);
  });

  test('"Forget Memory" removes it from search at once', async () => {
    const id = await vscode.commands.executeCommand<string>('metahuman.addNote', 'Temporary wifi password for the offsite is bluebird');
    assert.equal(await vscode.commands.executeCommand<boolean>('metahuman.forgetMemory', id), true);
    const result = await vscode.commands.executeCommand<MemorySearchResult>('metahuman.searchMemory', 'offsite wifi');
    assert.ok(!result.hits.some((h) => h.id === id));
  });
});
