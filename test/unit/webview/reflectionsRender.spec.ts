import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { Thought } from '../../../src/protocol/reflectionsProtocol';
import { renderDrafts, renderThought } from '../../../webview/reflections/thoughtCard';
import { elementsWithClass, templateHtml, visibleText } from './templateHtml';
import { NOW, at } from './viewFixtures';

function thought(overrides: Partial<Thought> = {}): Thought {
  return { id: 'r1', kind: 'reflection', ts: at(-60), text: 'I keep choosing boring storage.', source: 'agent:reflector', cites: [], ...overrides };
}

describe('a thought as shown', () => {
  it('shows its kind, when, who wrote it, its text and the memories it cites as buttons that open them', () => {
    const html = templateHtml(renderThought(thought({ cites: [{ id: 'm1', kind: 'note', preview: 'Chose SQLite FTS5.' }] }), NOW, () => undefined));
    assert.equal(visibleText(html), 'Reflection 1 hour ago by the reflector I keep choosing boring storage. Cites 1 memory Chose SQLite FTS5. note');
    assert.match(html, /<button class="link cite" data-memory="m1" aria-label="Open memory Chose SQLite FTS5\.">/);
  });

  it('labels a dream as imaginative, and a dialogue turn with its topic', () => {
    assert.match(visibleText(templateHtml(renderThought(thought({ kind: 'dream', source: 'agent:dreamer' }), NOW, () => undefined))), /^Dream imaginative — not something that happened/);
    assert.match(visibleText(templateHtml(renderThought(thought({ kind: 'dialogue', topic: 'the parser split', source: 'chat' }), NOW, () => undefined))), /Inner dialogue 1 hour ago when you asked On: the parser split/);
  });

  it('renders model text as text, in the list and while it streams', () => {
    const evil = '<img src=x onerror=alert(1)> <b>bold</b>';
    const card = templateHtml(renderThought(thought({ text: evil, cites: [{ id: 'm1', kind: 'note', preview: evil }] }), NOW, () => undefined));
    const live = templateHtml(renderDrafts([{ draft: 'd', kind: 'reflection', origin: 'reflector', text: evil }], true));
    for (const html of [card, live]) {
      assert.doesNotMatch(html, /<img|<b>/);
      assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
    }
  });

  it('the live region is a polite status, busy while a draft streams, with the draft marked as being written', () => {
    const idle = templateHtml(renderDrafts([], false));
    assert.match(idle, /<div id="live-thoughts" role="status" aria-live="polite" aria-busy="false">/);
    const html = templateHtml(renderDrafts([{ draft: 'd', kind: 'dream', origin: 'dreamer', text: 'Tries over a lake' }], true));
    assert.match(html, /aria-busy="true"/);
    const [draft] = elementsWithClass(html, 'draft');
    assert.equal(visibleText(draft?.inner ?? ''), 'writing dream… imaginative Tries over a lake');
  });
});
