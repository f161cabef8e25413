import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateMetaHuman } from './hostApi';

suite('Memory for other assistants and citations', () => {
  let noteId: string;
  suiteSetup(async () => {
    await activateMetaHuman();
    noteId = await vscode.commands.executeCommand<string>('metahuman.addNote', 'Picked SQLite FTS5 over Orama for the durable memory index');
  });

  test('the metahuman_searchMemory tool is offered to language models and returns matching memories', async () => {
    assert.ok(vscode.lm.tools.some((t) => t.name === 'metahuman_searchMemory'), 'listed in vscode.lm.tools');
    const result = await vscode.lm.invokeTool('metahuman_searchMemory', { input: { query: 'durable memory index' }, toolInvocationToken: undefined });
    const text = result.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : '')).join('');
    assert.ok(text.includes(noteId), `the note's id in: ${text}`);
    assert.match(text, /SQLite FTS5/);
  });

  test('"Open Memory" shows a cited memory as a read-only document with its id and source', async () => {
    const text = await vscode.commands.executeCommand<string>('metahuman.openMemory', noteId);
    assert.match(text, /Picked SQLite FTS5 over Orama/);
    assert.ok(text.includes(noteId));
    assert.equal(vscode.window.activeTextEditor?.document.uri.scheme, 'metahuman-memory');
  });

  test('a memory that no longer exists opens as an explanation, not an error', async () => {
    const text = await vscode.commands.executeCommand<string>('metahuman.openMemory', '01J0000000000000000000000Z');
    assert.match(text, /no longer exists/);
  });
});
