import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { Thought } from '../../../src/protocol/reflectionsProtocol';
import { ALL_THOUGHTS, applyLive, filterThoughts, toggleKind, type LiveDraft } from '../../../webview/reflections/reflectionsModel';
import { NOW, at } from './viewFixtures';

function thought(overrides: Partial<Thought> = {}): Thought {
  return { id: 'r1', kind: 'reflection', ts: at(-60), text: 'I keep choosing boring storage.', source: 'agent:reflector', cites: [], ...overrides };
}

describe('reflections view: filters', () => {
  const thoughts = [thought({ id: 'd1', kind: 'dialogue', ts: at(-5) }), thought({ id: 'x1', kind: 'dream', ts: at(-3 * 24 * 60) }), thought({ id: 'r1', ts: at(-20 * 24 * 60) })];

  it('shows every kind at any time by default, and only the kinds ticked', () => {
    assert.deepEqual(filterThoughts(thoughts, ALL_THOUGHTS, NOW).map((t) => t.id), ['d1', 'x1', 'r1']);
    const noDreams = toggleKind(ALL_THOUGHTS, 'dream');
    assert.deepEqual(filterThoughts(thoughts, noDreams, NOW).map((t) => t.id), ['d1', 'r1']);
    assert.deepEqual(toggleKind(noDreams, 'dream').kinds, ['reflection', 'dream', 'dialogue'], 'ticking it again brings it back in its place');
  });

  it('keeps the last 7 days, or the last 30', () => {
    assert.deepEqual(filterThoughts(thoughts, { ...ALL_THOUGHTS, range: 'week' }, NOW).map((t) => t.id), ['d1', 'x1']);
    assert.deepEqual(filterThoughts(thoughts, { ...ALL_THOUGHTS, range: 'month' }, NOW).map((t) => t.id), ['d1', 'x1', 'r1']);
  });
});

describe('reflections view: streamed thoughts', () => {
  it('a draft grows piece by piece, then is replaced by the record, which joins the list at the top', () => {
    let drafts: LiveDraft[] = [];
    let thoughts: Thought[] = [thought()];
    for (const text of ['Lately I ', 'refactor ', 'on Fridays.']) {
      ({ drafts, thoughts } = applyLive(drafts, thoughts, { origin: 'reflector', event: { type: 'text', draft: 'r-9', kind: 'reflection', text } }, NOW));
    }
    assert.deepEqual(drafts, [{ draft: 'r-9', kind: 'reflection', origin: 'reflector', text: 'Lately I refactor on Fridays.' }]);
    assert.equal(thoughts.length, 1, 'nothing is listed until it is written');

    ({ drafts, thoughts } = applyLive(drafts, thoughts, { origin: 'reflector', event: { type: 'record', draft: 'r-9', id: 'r2', kind: 'reflection', text: 'Lately I refactor on Fridays.', cites: ['m1'] } }, NOW));
    assert.deepEqual(drafts, []);
    assert.deepEqual(thoughts.map((t) => t.id), ['r2', 'r1']);
    assert.deepEqual(thoughts[0]?.cites, [{ id: 'm1', kind: '', preview: '' }]);
    assert.equal(thoughts[0]?.source, 'agent:reflector');
  });

  it('keeps drafts of different runs apart, and lists a record once even when the host listed it first', () => {
    let drafts: LiveDraft[] = [];
    let thoughts: Thought[] = [thought({ id: 'r2' })];
    ({ drafts, thoughts } = applyLive(drafts, thoughts, { origin: 'dreamer', event: { type: 'text', draft: 'a', kind: 'dream', text: 'Tries ' } }, NOW));
    ({ drafts, thoughts } = applyLive(drafts, thoughts, { origin: 'dialogue', event: { type: 'text', draft: 'b', kind: 'dialogue', text: 'Q: ' } }, NOW));
    assert.deepEqual(drafts.map((d) => [d.draft, d.text]), [['a', 'Tries '], ['b', 'Q: ']]);
    ({ thoughts } = applyLive(drafts, thoughts, { origin: 'reflector', event: { type: 'record', id: 'r2', kind: 'reflection', text: 'x', cites: [] } }, NOW));
    assert.deepEqual(thoughts.map((t) => t.id), ['r2']);
  });
});
