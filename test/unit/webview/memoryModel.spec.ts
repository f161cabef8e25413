import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { EMPTY_FILTERS, emptyState, forgetQuestion, keepListed, listParams, parseTags, toggle, validationLabel, validationOutcome } from '../../../webview/memory/memoryModel';
import { memoryItem } from './memoryFixtures';

describe('memory panel model', () => {
  it('builds the engine request from the filter bar, the To date inclusive', () => {
    assert.deepEqual(listParams(EMPTY_FILTERS), { params: { limit: 50, offset: 0 } });
    assert.deepEqual(listParams({ query: '  caching last week ', kind: 'note', project: 'compiler', tag: 'perf', from: '2026-03-01', to: '2026-03-02' }, 50), {
      params: { limit: 50, offset: 50, query: 'caching last week', kinds: ['note'], project: 'compiler', tag: 'perf', since: '2026-03-01T00:00:00.000Z', until: '2026-03-03T00:00:00.000Z' },
    });
  });

  it('names a bad date range instead of asking the engine', () => {
    assert.deepEqual(listParams({ ...EMPTY_FILTERS, from: '2026-03-05', to: '2026-03-01' }), { error: 'From is after To: no memory can be in that range.' });
    assert.deepEqual(listParams({ ...EMPTY_FILTERS, to: 'March' }), { error: 'To must be a date like 2026-03-01.' });
  });

  it('tells a new twin from filters that match nothing', () => {
    assert.equal(emptyState([], 0), 'new');
    assert.equal(emptyState([], 12), 'no-match');
    assert.equal(emptyState([memoryItem()], 12), 'none');
  });

  it('labels the review mark', () => {
    assert.deepEqual(validationLabel(false), { text: 'Marked wrong', tone: 'bad' });
    assert.deepEqual(validationLabel(true), { text: 'Confirmed', tone: 'ok' });
    assert.deepEqual(validationLabel(undefined), { text: 'Not reviewed', tone: 'muted' });
  });

  it('reads typed tags, split on commas and spaces, without repeats', () => {
    assert.deepEqual(parseTags(' work, idea  work,,parser '), ['work', 'idea', 'parser']);
    assert.deepEqual(parseTags(' , '), []);
  });

  it('keeps the selection to what is still listed', () => {
    const selected = toggle(toggle(new Set(), 'a'), 'b');
    assert.deepEqual([...toggle(selected, 'a')], ['b']);
    assert.deepEqual([...keepListed(selected, [memoryItem({ id: 'b' })])], ['b']);
  });

  it('says what a bulk validation did, and why part of it failed', () => {
    assert.deepEqual(validationOutcome({ op: 'mark_wrong' }, { results: [{ id: 'a', ok: true }, { id: 'b', ok: true }] }), { text: '2 memories marked wrong.', failed: false });
    assert.deepEqual(validationOutcome({ op: 'forget' }, { results: [{ id: 'a', ok: true }, { id: 'b', ok: false, error: 'No memory with id b.' }] }), {
      text: '1 memory forgotten. 1 failed: No memory with id b.',
      failed: true,
    });
    assert.equal(forgetQuestion(3).startsWith('Forget these 3 memories?'), true);
  });
});
