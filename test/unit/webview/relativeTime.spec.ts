import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { absoluteTime, formatDuration, relativeTime } from '../../../webview/shared/relativeTime';
import { NOW, at } from './viewFixtures';

describe('times relative to now', () => {
  it('says "just now" and "in less than a minute" within 45 seconds', () => {
    assert.equal(relativeTime(new Date(NOW.getTime() - 20_000).toISOString(), NOW), 'just now');
    assert.equal(relativeTime(new Date(NOW.getTime() + 20_000).toISOString(), NOW), 'in less than a minute');
  });

  it('counts minutes, hours and days in both directions, singular where it is one', () => {
    assert.equal(relativeTime(at(-1), NOW), '1 minute ago');
    assert.equal(relativeTime(at(-5), NOW), '5 minutes ago');
    assert.equal(relativeTime(at(10), NOW), 'in 10 minutes');
    assert.equal(relativeTime(at(-120), NOW), '2 hours ago');
    assert.equal(relativeTime(at(60), NOW), 'in 1 hour');
    assert.equal(relativeTime(at(-3 * 24 * 60), NOW), '3 days ago');
  });

  it('says yesterday and tomorrow for one day', () => {
    assert.equal(relativeTime(at(-24 * 60), NOW), 'yesterday');
    assert.equal(relativeTime(at(24 * 60), NOW), 'tomorrow');
  });

  it('shows an unreadable time as given rather than hiding it', () => {
    assert.equal(relativeTime('sometime', NOW), 'sometime');
    assert.equal(absoluteTime('sometime'), 'sometime');
  });
});

describe('durations', () => {
  it('uses the largest units that matter', () => {
    assert.equal(formatDuration(850), '850 ms');
    assert.equal(formatDuration(12_000), '12 s');
    assert.equal(formatDuration(184_000), '3 min 4 s');
    assert.equal(formatDuration(120_000), '2 min');
    assert.equal(formatDuration(3_720_000), '1 h 2 min');
  });

  it('shows a dash for a negative or unknown duration', () => {
    assert.equal(formatDuration(-5), '—');
    assert.equal(formatDuration(Number.NaN), '—');
  });
});
