import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { commitMemory, type Commit } from './memoryFixtures';
import { runMh, type MhRun } from '../cli/runMh';

function mh(args: string[]): Promise<MhRun> {
  return runMh(args);
}

interface JsonHit {
  id: string;
  ts: string;
  kind: string;
  text: string;
  score: number;
  meta: Record<string, unknown>;
  explain?: { relevance: number };
}

describe('mh ingest and mh search', () => {
  let dir: string;
  let profile: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mh-cli-'));
    profile = join(dir, 'profile');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('ingests good lines, reports each bad line by number, and indexes what it ingested', async () => {
    const file = join(dir, 'small.jsonl');
    writeFileSync(file, [
      JSON.stringify({ kind: 'event', ts: '2024-05-14T15:00:00Z', text: 'Fixed the race condition in the parser', project: 'mh', meta: { files: ['src/parser.ts'] } }),
      '{"kind": "event", "text": ',
      JSON.stringify({ kind: 'note', ts: '2024-03-12T10:00:00Z', text: 'Decided to cache embeddings in an LRU', project: 'mh', tags: ['decision'] }),
      JSON.stringify({ kind: 'feeling', text: 'not a kind we keep' }),
      '',
      JSON.stringify({ kind: 'chat', ts: 'last tuesday', text: 'a date that is not one' }),
      JSON.stringify({ kind: 'chat', ts: '2024-05-10T09:00:00Z', text: 'Meeting with Alice about the release', entities: ['Alice'] }),
    ].join('\n'));
    const { code, out, err } = await mh(['--profile', profile, 'ingest', file]);
    assert.equal(code, 0, err);
    assert.match(out, /ingested 3 records, skipped 3 bad lines; the index holds 3/);
    assert.match(err, /small\.jsonl:2: skipped: not JSON/);
    assert.match(err, /small\.jsonl:4: skipped: .*kind/);
    assert.match(err, /small\.jsonl:6: skipped: ts "last tuesday" is not a date/);
  });

  it('searches with --json: an array of {id, ts, kind, text, score, meta}', async () => {
    const { code, out, err } = await mh(['--profile', profile, 'search', 'parser yesterday', '--now', '2024-05-15T12:00:00Z', '--json']);
    assert.equal(code, 0, err);
    const hits = JSON.parse(out) as JsonHit[];
    assert.equal(hits.length, 1);
    assert.deepEqual(Object.keys(hits[0]).sort(), ['id', 'kind', 'meta', 'score', 'text', 'ts']);
    assert.equal(hits[0].text, 'Fixed the race condition in the parser');
    assert.deepEqual(hits[0].meta, { files: ['src/parser.ts'] });
  });

  it('filters by --kind, --project, --since and --until, and explains scores', async () => {
    const base = ['--profile', profile, 'search', '--now', '2024-05-15T12:00:00Z', '--json'];
    const notes = JSON.parse((await mh([...base, 'cache', '--kind', 'note'])).out) as JsonHit[];
    assert.deepEqual(notes.map((h) => h.kind), ['note']);
    assert.deepEqual(JSON.parse((await mh([...base, 'release', '--project', 'mh'])).out), []);
    const march = JSON.parse((await mh([...base, 'decided cache', '--since', '2024-03-01', '--until', 'March 31'])).out) as JsonHit[];
    assert.equal(march.length, 1);
    assert.deepEqual(JSON.parse((await mh([...base, 'decided cache', '--until', '2024-03-11'])).out), []);
    const explained = JSON.parse((await mh([...base, 'alice release', '--explain'])).out) as JsonHit[];
    assert.ok(explained[0].explain!.relevance > 0);
    const text = await mh(['--profile', profile, 'search', 'alice release', '--now', '2024-05-15T12:00:00Z', '--explain']);
    assert.match(text.out, /1 hit for "alice release"/);
    assert.match(text.out, /relevance [\d.]+ × recency [\d.]+ × importance [\d.]+ × entity [\d.]+ \(alice\)/);
  });

  it('rejects a bad --k or --now with a clear message', async () => {
    const k = await mh(['--profile', profile, 'search', 'x', '--k', 'zero']);
    assert.notEqual(k.code, 0);
    assert.match(k.err, /--k must be a positive whole number/);
    const now = await mh(['--profile', profile, 'search', 'x', '--now', 'someday']);
    assert.match(now.err, /--now must be an ISO date/);
  });

  it('answers git-history questions over the commander.js history ingested from JSONL', async () => {
    const commits = readFileSync(join(__dirname, '../../../../shared/fixtures/commander-history.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Commit);
    const file = join(dir, 'commander.jsonl');
    writeFileSync(file, commits.map((c) => JSON.stringify(commitMemory(c))).join('\n'));
    const other = join(dir, 'other-profile');
    const ingest = await mh(['--profile', other, 'ingest', file]);
    assert.equal(ingest.code, 0, ingest.err);
    assert.match(ingest.out, new RegExp(`ingested ${commits.length} records`));
    // Which commits touched lib/command.js in the month with the most of them? Ask git's answer of the fixture.
    const touching = commits.filter((c) => c.files.some((f) => f.path === 'lib/command.js'));
    const months = new Map<string, Commit[]>();
    for (const c of touching) {
      const d = new Date(c.date);
      const key = `${d.toLocaleString('en-US', { month: 'long' })} ${d.getFullYear()}`;
      months.set(key, [...(months.get(key) ?? []), c]);
    }
    const [month, expected] = [...months.entries()].sort((a, b) => b[1].length - a[1].length)[0];
    const { out, err } = await mh(['--profile', other, 'search', `lib/command.js in ${month}`, '--k', '100', '--json']);
    const hits = JSON.parse(out) as JsonHit[];
    assert.deepEqual(hits.map((h) => h.meta.sha).sort(), expected.map((c) => c.sha).sort(), err);
  });
});
