import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import {
  approvalArgs,
  changedFields,
  classifyDiffLines,
  formatArgs,
  offersUndo,
  outcomeFacts,
  parseEditedArgs,
  pendingOldestFirst,
  recentNewestFirst,
  resultMessage,
  suggestionKey,
} from '../../../webview/approvals/approvalsModel';
import { at, proposal } from './viewFixtures';

describe('editing the arguments before approving', () => {
  const original = { path: 'notes/todo.md', content: 'buy milk\n' };

  it('sends nothing extra when the text is untouched or only reordered', () => {
    assert.deepEqual(approvalArgs(original, undefined), { ok: true });
    assert.deepEqual(approvalArgs(original, formatArgs(original)), { ok: true });
    assert.deepEqual(approvalArgs(original, '{"content":"buy milk\\n","path":"notes/todo.md"}'), { ok: true });
  });

  it('sends the edited object and names the fields changed, added and removed', () => {
    const text = '{ "path": "notes/shopping.md", "mode": "append" }';
    assert.deepEqual(approvalArgs(original, text), { ok: true, args: { path: 'notes/shopping.md', mode: 'append' } });
    assert.deepEqual(changedFields(original, { path: 'notes/shopping.md', mode: 'append' }), [
      { field: 'path', change: 'changed' },
      { field: 'content', change: 'removed' },
      { field: 'mode', change: 'added' },
    ]);
  });

  it('names the JSON problem with its line and column, and keeps the proposal waiting', () => {
    const trailingComma = '{\n  "path": "a.md",\n}';
    const result = approvalArgs(original, trailingComma);
    assert.equal(result.ok, false);
    assert.equal(
      !result.ok && result.error,
      'The arguments are not valid JSON at line 3, column 1: expected double-quoted property name. Nothing was sent; the proposal still waits.',
    );
    const missingComma = parseEditedArgs('{ "path": "a.md" "content": "x" }');
    assert.equal(!missingComma.ok && missingComma.error, "The arguments are not valid JSON at line 1, column 18: expected ',' or '}' after property value. Nothing was sent; the proposal still waits.");
  });

  it('says the text ends too early when a brace is missing', () => {
    const result = parseEditedArgs('{ "path": "a.md"');
    assert.equal(result.ok, false);
    assert.match(!result.ok ? result.error : '', /not valid JSON.*(ends too early|after property value)/);
  });

  it('refuses empty text, arrays and plain values, saying what it found', () => {
    assert.match((parseEditedArgs('  ') as { error: string }).error, /^The arguments are empty: write a JSON object/);
    assert.match((parseEditedArgs('["a"]') as { error: string }).error, /must be a JSON object \(\{ … \}\), not an array\./);
    assert.match((parseEditedArgs('null') as { error: string }).error, /not null\./);
    assert.match((parseEditedArgs('"a.md"') as { error: string }).error, /not a string\./);
  });
});

describe('the order of proposals', () => {
  it('lists pending proposals oldest first, whatever order they arrive in', () => {
    const pending = [proposal({ id: 'b', createdAt: at(-5) }), proposal({ id: 'c', createdAt: at(-1) }), proposal({ id: 'a', createdAt: at(-50) })];
    assert.deepEqual(
      pendingOldestFirst(pending).map((p) => p.id),
      ['a', 'b', 'c'],
    );
  });

  it('lists recent decisions newest first by when they last changed', () => {
    const recent = [proposal({ id: 'old', status: 'executed', updatedAt: at(-60) }), proposal({ id: 'undone', status: 'undone', updatedAt: at(-1) }), proposal({ id: 'mid', status: 'rejected', updatedAt: at(-10) })];
    assert.deepEqual(
      recentNewestFirst(recent).map((p) => p.id),
      ['undone', 'mid', 'old'],
    );
  });
});

describe('undo and outcomes', () => {
  it('offers Undo only on an executed (or partly failed) proposal the engine can put back', () => {
    assert.equal(offersUndo(proposal({ status: 'executed', undoable: true })), true);
    assert.equal(offersUndo(proposal({ status: 'failed', undoable: true })), true);
    assert.equal(offersUndo(proposal({ status: 'executed', undoable: false })), false);
    assert.equal(offersUndo(proposal({ status: 'undone', undoable: true })), false);
    assert.equal(offersUndo(proposal({ status: 'previewed', undoable: true })), false);
  });

  it('reports the result of a decision in one sentence with its error or exit code', () => {
    assert.deepEqual(resultMessage(proposal({ status: 'executed' })), { text: 'Write a file: Done.', tone: 'ok' });
    assert.deepEqual(resultMessage(proposal({ status: 'failed', skillTitle: 'Run a shell command', exitCode: 2 })), { text: 'Run a shell command: Failed (exit code 2).', tone: 'bad' });
    assert.equal(resultMessage(proposal({ status: 'previewed' })).text, 'Write a file: Dry run: previewed, nothing changed.');
  });

  it('lists the facts of a decision: rule, exit code, the reject reason, edits, dry run', () => {
    assert.deepEqual(outcomeFacts(proposal({ status: 'rejected', rejectReason: 'not in this repo', originalArgs: { path: 'x' }, dryRun: true })), [
      'rule: trust:supervised',
      'reason: not in this repo',
      'arguments edited by you',
      'dry run',
    ]);
  });

  it('tells trust suggestions apart by skill and direction', () => {
    const s = { skill: 'task', from: 'supervised', to: 'bounded', reason: 'approved 10 times', evidence: 10 } as const;
    assert.equal(suggestionKey(s), 'task:supervised->bounded');
  });
});

describe('a unified diff, line by line', () => {
  it('marks added and removed lines by their + and - and keeps file headers apart', () => {
    const diff = ['--- a/notes.md', '+++ b/notes.md', '@@ -1,3 +1,3 @@', ' # Todo', '-- buy milk', '+- buy oat milk', ' - call Ann', '\\ No newline at end of file', ''].join('\n');
    assert.deepEqual(
      classifyDiffLines(diff).map((l) => `${l.kind}: ${l.text}`),
      ['header: --- a/notes.md', 'header: +++ b/notes.md', 'hunk: @@ -1,3 +1,3 @@', 'context:  # Todo', 'remove: -- buy milk', 'add: +- buy oat milk', 'context:  - call Ann', 'note: \\ No newline at end of file'],
    );
  });

  it('reads a second file after the first file hunk ends', () => {
    const diff = ['--- a/x', '+++ b/x', '@@ -1 +1 @@', '-a', '+b', '--- a/y', '+++ b/y', '@@ -0,0 +1 @@', '+new'].join('\n');
    assert.deepEqual(
      classifyDiffLines(diff).map((l) => l.kind),
      ['header', 'header', 'hunk', 'remove', 'add', 'header', 'header', 'hunk', 'add'],
    );
  });
});
