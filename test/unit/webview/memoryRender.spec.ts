import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { renderMemoryDetails, type DetailsActions, type DetailsUi } from '../../../webview/memory/memoryDetails';
import { renderNewTwin, renderNoMatch } from '../../../webview/memory/memoryEmptyState';
import { renderMemoryList } from '../../../webview/memory/memoryList';
import { memoryDetails, memoryItem } from './memoryFixtures';
import { elementsWithClass, templateHtml, visibleText } from './templateHtml';
import { NOW, at } from './viewFixtures';

const idle: DetailsUi = { editing: false, draft: '', tagDraft: '', confirmForget: false, busy: false };
const noop = () => undefined;
const actions: DetailsActions = {
  validate: noop,
  markWrong: noop,
  startEdit: noop,
  setDraft: noop,
  saveEdit: noop,
  cancelEdit: noop,
  setTagDraft: noop,
  addTags: noop,
  removeTag: noop,
  askForget: noop,
  forget: noop,
  keep: noop,
  openLink: noop,
  close: noop,
};

describe('memory panel rendering', () => {
  it('lists each memory with a labelled checkbox, its text as the button that opens it, and a wrong mark', () => {
    const html = templateHtml(
      renderMemoryList(
        [memoryItem({ id: 'A', validated: false, project: 'compiler', tags: ['perf'], why: 'words #1' }), memoryItem({ id: 'B', text: 'Ran the tests' })],
        new Set(['B']),
        'A',
        { open: noop, toggle: noop },
        NOW,
      ),
    );
    const items = elementsWithClass(html, 'memory-item');
    assert.equal(items.length, 2);
    assert.ok(items[0].classes.includes('wrong') && items[0].classes.includes('open'));
    assert.equal(visibleText(items[0].inner), 'Decided to cache parser results per file Notes 2 hours ago compiler #perf Marked wrong words #1');
    assert.match(html, /aria-label="Select: Ran the tests"/);
    assert.match(items[1].inner, /\.checked="true"/);
  });

  it('shows a memory with its source, links that open, edits history and audit trail', () => {
    const html = templateHtml(
      renderMemoryDetails(
        memoryDetails({
          validated: false,
          wrongReason: 'it was the red car',
          tags: ['car'],
          links: [
            { rel: 'cites', id: 'L1', kind: 'event', preview: 'Refactored the tokenizer' },
            { rel: 'part_of', id: 'L2' },
          ],
          edits: [{ ts: at(-10), op: 'correct_text', summary: 'text corrected', text: 'Decided to cache parser results per file' }],
        }),
        idle,
        actions,
        NOW,
      ),
    );
    const text = visibleText(html);
    assert.match(text, /Marked wrong: it was the red car/);
    assert.match(text, /Source: vscode:note/);
    assert.match(html, /class="link-button open-link" data-id="L1"/);
    assert.match(text, /cites: Coding events — Refactored the tokenizer/);
    assert.match(text, /part_of: L2 \(forgotten\)/);
    assert.match(text, /Edits history 10 minutes ago text corrected Decided to cache/);
    assert.match(text, /Audit trail 2 hours ago written \(note\) by vscode/);
    assert.match(html, /aria-label="Remove tag car"/);
    assert.match(html, /id="mark-wrong"[^>]* disabled/, 'a memory already marked wrong cannot be marked wrong again');
  });

  it('asks before forgetting, with Keep it as a way back', () => {
    const html = templateHtml(renderMemoryDetails(memoryDetails(), { ...idle, confirmForget: true }, actions, NOW));
    assert.match(visibleText(html), /Forget this memory\? .* This cannot be undone\. Forget Keep it/);
    assert.doesNotMatch(html, /id="mark-correct"/);
  });

  it('edits the text in a labelled box, the original kept', () => {
    const html = templateHtml(renderMemoryDetails(memoryDetails(), { ...idle, editing: true, draft: 'Decided to cache per module' }, actions, NOW));
    assert.match(html, /<label for="edit-draft">Corrected text \(the original stays in the history\)<\/label>/);
    assert.match(html, /\.value="Decided to cache per module"/);
    assert.doesNotMatch(html, /id="save-edit"[^>]* disabled/);
  });

  it('renders memory text as text, never as markup', () => {
    const evil = '<img src=x onerror=alert(1)>';
    const html = templateHtml([
      renderMemoryList([memoryItem({ text: evil, tags: [evil] })], new Set(), undefined, { open: noop, toggle: noop }, NOW),
      renderMemoryDetails(memoryDetails({ text: evil, source: evil, links: [{ rel: 'cites', id: 'x', kind: 'note', preview: evil }] }), idle, actions, NOW),
    ]);
    assert.doesNotMatch(html, /<img/);
    assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
  });

  it('tells a new person the four ways memories arrive, each with a button', () => {
    const text = visibleText(templateHtml(renderNewTwin(noop)));
    for (const way of ['Coding sessions.', 'Remember This.', 'The inbox folder.', 'Chat.']) assert.ok(text.includes(way), way);
    assert.equal(elementsWithClass(templateHtml(renderNewTwin(noop)), 'way').length, 4);
    assert.match(visibleText(templateHtml(renderNoMatch(noop))), /No memory matches these words and filters\. Clear search and filters/);
  });
});
