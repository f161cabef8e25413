import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { editableFields, withFieldValue } from '../../../webview/approvals/argFields';
import { formatArgs } from '../../../webview/approvals/approvalsModel';

describe('editing arguments field by field', () => {
  const args = { path: 'notes/todo.md', content: 'line one\nline two', lines: 3, append: true, tags: ['a'], meta: null };

  it('offers text, long text, numbers and switches, and leaves lists and nulls to the JSON', () => {
    assert.deepEqual(
      editableFields(args).map((f) => `${f.name}:${f.kind}`),
      ['path:text', 'content:multiline', 'lines:number', 'append:boolean'],
    );
    assert.equal(editableFields({ note: 'x'.repeat(81) })[0]?.kind, 'multiline');
  });

  it('writes a field back into the JSON and leaves the other fields as they were', () => {
    const text = formatArgs(args);
    const [path, , lines, append] = editableFields(args);
    assert.ok(path && lines && append);
    const renamed = withFieldValue(text, path, 'notes/shopping.md');
    assert.deepEqual(renamed.ok && JSON.parse(renamed.text), { ...args, path: 'notes/shopping.md' });
    const counted = withFieldValue(text, lines, ' 12 ');
    assert.deepEqual(counted.ok && JSON.parse(counted.text), { ...args, lines: 12 });
    const switched = withFieldValue(text, append, false);
    assert.deepEqual(switched.ok && JSON.parse(switched.text), { ...args, append: false });
  });

  it('refuses a number that is not one, naming the field and keeping the old value', () => {
    const [, , lines] = editableFields(args);
    assert.ok(lines);
    assert.deepEqual(withFieldValue(formatArgs(args), lines, '12 lines'), { ok: false, error: '"lines" must be a number; "12 lines" is not one. The arguments keep 3 until it is.' });
    assert.equal(withFieldValue(formatArgs(args), lines, '').ok, false);
  });

  it('does not write fields into broken JSON', () => {
    const [path] = editableFields(args);
    assert.ok(path);
    assert.deepEqual(withFieldValue('{ "path": ', path, 'x'), { ok: false, error: 'Fix the JSON first; the fields follow it.' });
  });
});
