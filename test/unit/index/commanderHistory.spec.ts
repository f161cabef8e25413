import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MemoryIndex } from '../../../src/core/index/memoryIndex';
import { commitMemory, InMemoryMemoryLog, type Commit } from './memoryFixtures';

/**
 * The real history of a public project (tj/commander.js, 1233 commits) ingested as coding events;
 * every expected answer is computed from the commits themselves, the way `git log` would give it.
 */
const FIXTURE = join(__dirname, '../../../../shared/fixtures/commander-history.jsonl');
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const commits: Commit[] = readFileSync(FIXTURE, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Commit);
const localMonth = (c: Commit) => {
  const d = new Date(c.date);
  return `${d.getFullYear()}-${d.getMonth()}`;
};
const localDay = (c: Commit) => new Date(c.date).toDateString();
const shas = (hits: Array<{ meta: Record<string, unknown> }>) => hits.map((h) => h.meta.sha as string).sort();

/** The (file, month) pair with the most commits, ignoring files that every release touches. */
function busiestFileMonth(): { file: string; year: number; month: number; expected: string[] } {
  const counts = new Map<string, string[]>();
  for (const c of commits) {
    for (const f of c.files) {
      if (/package\.json|History\.md|CHANGELOG/i.test(f.path)) continue;
      const key = `${f.path}|${localMonth(c)}`;
      counts.set(key, [...(counts.get(key) ?? []), c.sha]);
    }
  }
  const [key, list] = [...counts.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))[0];
  const [file, ym] = key.split('|') as [string, string];
  const [year, month] = ym.split('-').map(Number) as [number, number];
  return { file, year, month, expected: list.sort() };
}

describe('commander.js history as memory', () => {
  let dir: string;
  let index: MemoryIndex;
  // Far after the last commit, so "now" never cuts a range short; fixed, so runs are reproducible.
  const now = new Date('2026-01-15T12:00:00Z');

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mh-commander-'));
    const log = new InMemoryMemoryLog();
    await log.appendMany(commits.map(commitMemory));
    index = await MemoryIndex.open({ dir, feed: log, now: () => now });
    await index.whenIdle();
  });
  after(async () => {
    await index.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('indexes every commit', () => {
    assert.equal(commits.length, 1233);
    assert.equal(index.status().records, commits.length);
    assert.equal(index.status().embedded, commits.length);
  });

  it('lists the commits that touched a file in a month, as git log -- <file> would', async () => {
    const { file, year, month, expected } = busiestFileMonth();
    assert.ok(expected.length >= 3, `a month with several commits to ${file}`);
    const query = `in ${MONTHS[month]} ${year}`;
    const filtered = await index.search({ query, k: 200, filters: { file } });
    assert.deepEqual(shas(filtered.hits), expected);
    // Said in words only: the file named in the query becomes the filter.
    const spoken = await index.search({ query: `${file} ${query}`, k: 200 });
    assert.equal(spoken.filters.file, file);
    assert.deepEqual(shas(spoken.hits), expected);
    // With more words, the file still narrows, and the words rank within it.
    const worded = await index.search({ query: `help output in ${file}`, k: 5 });
    assert.ok(worded.hits.length > 0 && worded.hits.every((h) => (h.meta.files as string[]).includes(file)));
  });

  it('tells what happened on a given day', async () => {
    const byDay = new Map<string, Commit[]>();
    for (const c of commits) byDay.set(localDay(c), [...(byDay.get(localDay(c)) ?? []), c]);
    const [dayName, dayCommits] = [...byDay.entries()].sort((a, b) => b[1].length - a[1].length)[0];
    const day = new Date(dayName);
    const iso = `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;
    const result = await index.search({ query: `what happened on ${iso}`, k: 200 });
    assert.equal(result.time, `on ${iso}`);
    assert.deepEqual(shas(result.hits), dayCommits.map((c) => c.sha).sort());
    // Newest first, as a day's story is told backwards from the end.
    const times = result.hits.map((h) => Date.parse(h.ts));
    assert.deepEqual(times, [...times].sort((a, b) => b - a));
  });

  it('finds a commit by the words of its subject', async () => {
    const subjects = new Map<string, number>();
    for (const c of commits) subjects.set(c.subject.toLowerCase(), (subjects.get(c.subject.toLowerCase()) ?? 0) + 1);
    // Every 97th commit whose subject is unique and says something (not "2.1.0").
    const sample = commits.filter((c, i) => i % 97 === 0 && subjects.get(c.subject.toLowerCase()) === 1 && c.subject.split(' ').length >= 4);
    assert.ok(sample.length >= 5);
    let first = 0;
    for (const c of sample) {
      const hits = (await index.search({ query: c.subject, k: 3 })).hits;
      if (hits[0]?.meta.sha === c.sha) first++;
      else console.log('MISS', c.subject, JSON.stringify(hits.map((h) => [h.text.split('\n')[0], h.record.ts, h.score, h.parts.text, h.parts.vector, h.parts.recency])));
      assert.ok(shas(hits).includes(c.sha), `"${c.subject}" in the top 3`);
    }
    assert.ok(first >= sample.length - 1, `${first} of ${sample.length} first`);
  });

  it('finds the commits of an author in a year, by the author named in the query', async () => {
    const year = 2012;
    const authors = new Map<string, number>();
    for (const c of commits) if (new Date(c.date).getFullYear() === year) authors.set(c.author, (authors.get(c.author) ?? 0) + 1);
    // The second most active author of the year: someone other than the maintainer.
    const [author, count] = [...authors.entries()].sort((a, b) => b[1] - a[1])[1];
    const expected = commits.filter((c) => c.author === author && new Date(c.date).getFullYear() === year).map((c) => c.sha).sort();
    const hits = (await index.search({ query: `commits by ${author} in ${year}`, k: count })).hits;
    assert.deepEqual(shas(hits), expected);
  });
});
